from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from .access import access_child, child_context


@login_required
def child_detail(request, pk: int):
    child = access_child(request, pk)
    return render(request, "cases/child.html", child_context(request, child))


urlpatterns = [
    path("children/<int:pk>/", child_detail, name="child"),
]
