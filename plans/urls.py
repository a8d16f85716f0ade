"""Each views module owns its URL patterns; this file only puts them together."""

from plans.views import (
    cessation,
    content,
    draft,
    plan,
    provision,
    reassessment,
    review,
    versions,
)

app_name = "plans"

# In the order their patterns are tried.
urlpatterns = [
    *plan.urlpatterns,
    *cessation.urlpatterns,
    *content.urlpatterns,
    *provision.urlpatterns,
    *review.urlpatterns,
    *versions.urlpatterns,
    *reassessment.urlpatterns,
    *draft.urlpatterns,
]
