from django.urls import path
from django.views.generic import TemplateView

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.subscribe_done, name="subscribe_done"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("confirm/<str:token>/renew/", views.confirm_renew, name="confirm_renew"),
    path(
        "welcome/",
        TemplateView.as_view(template_name="newsletter/confirm_done.html"),
        name="confirm_done",
    ),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "unsubscribed/",
        TemplateView.as_view(template_name="newsletter/unsubscribe_done.html"),
        name="unsubscribe_done",
    ),
    path("link/<str:token>/", views.follow_link, name="follow_link"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("archive/", views.IssueArchiveView.as_view(), name="archive"),
    path("archive/<int:pk>/", views.IssueDetailView.as_view(), name="issue_detail"),
]
