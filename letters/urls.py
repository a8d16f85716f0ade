from django.urls import path

from . import bulk_views, case_views, docx_views, views

app_name = "letters"

urlpatterns = [
    path("letters/wording/", views.wordings, name="wordings"),
    path("letters/wording/<slug:kind>/", views.wording, name="wording"),
    path(
        "letters/review-invitations/",
        bulk_views.review_invitations,
        name="review_invitations",
    ),
    path(
        "letters/review-invitations/send/",
        bulk_views.review_invitations_send,
        name="review_invitations_send",
    ),
    path("children/<id:pk>/letters/", case_views.letters, name="child_letters"),
    path("children/<id:pk>/letters/new/", case_views.letter_new, name="letter_new"),
    path("children/<id:pk>/letters/<id:letter_id>/", case_views.letter, name="letter"),
    path(
        "children/<id:pk>/letters/<id:letter_id>/send/",
        case_views.letter_check,
        name="letter_check",
    ),
    path(
        "children/<id:pk>/letters/<id:letter_id>/again/",
        case_views.letter_again,
        name="letter_again",
    ),
    path(
        "children/<id:pk>/letters/<id:letter_id>/docx/",
        docx_views.letter_docx_download,
        name="letter_docx",
    ),
]
