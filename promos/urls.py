from django.urls import path

from promos import views

app_name = "promos"

urlpatterns = [
    path("<int:pk>/", views.promo_detail, name="promo_detail"),
    path("<int:pk>/go/", views.promo_click, name="promo_click"),
    path("check-your-inbox/", views.offer_requested, name="offer_requested"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("confirm/<str:token>/renew/", views.confirm_renew, name="confirm_renew"),
    path("download/<str:token>/", views.download, name="download"),
    path("download/<str:token>/file/", views.download_file, name="download_file"),
    path("download/<str:token>/renew/", views.download_renew, name="download_renew"),
]
