from django import forms
from django.core.exceptions import ValidationError

from promos.models import Promo


class PromoAdminForm(forms.ModelForm):
    class Meta:
        model = Promo
        fields = [
            "heading",
            "body",
            "image",
            "image_alt",
            "cta_label",
            "cta_url",
            "download",
            "download_title",
            "placement",
            "categories",
            "articles",
            "starts_at",
            "ends_at",
            "position",
            "is_active",
        ]

    def clean(self):
        cleaned_data = super().clean()
        placement = cleaned_data.get("placement")
        if placement == Promo.Placement.CATEGORIES and not cleaned_data.get("categories"):
            self.add_error(
                "categories",
                ValidationError("Choose at least one category.", code="no_categories"),
            )
        if placement == Promo.Placement.ARTICLES and not cleaned_data.get("articles"):
            self.add_error(
                "articles", ValidationError("Choose at least one article.", code="no_articles")
            )
        return cleaned_data
