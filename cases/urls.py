"""Each views module owns its URL patterns; this file only puts them together."""

from cases.views import (
    alerts,
    assessment,
    caseload,
    child,
    child_record,
    chronology,
    contacts,
    documents,
    history,
)

app_name = "cases"

# In the order their patterns are tried.
urlpatterns = [
    *caseload.urlpatterns,
    *child.urlpatterns,
    *child_record.urlpatterns,
    *contacts.urlpatterns,
    *assessment.urlpatterns,
    *documents.urlpatterns,
    *chronology.urlpatterns,
    *history.urlpatterns,
    *alerts.urlpatterns,
]
