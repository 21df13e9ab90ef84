"""The Insights page in the admin: what is read, where readers come from, what they search
for, what brings subscribers and how the e-zine is read, for a period, with CSV downloads."""

from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse

from insights import charts, exports, reports
from insights.forms import PRESETS, PeriodForm
from smallbiz.admin import AdminPage


def insights_page(request, admin_site):
    """Show the numbers for the chosen period, or one of its tables as CSV."""
    form = PeriodForm(request.GET or None)
    period = form.period()
    if request.GET.get("format") == "csv":
        table = request.GET.get("table")
        if table not in exports.TABLES:
            raise Http404("No such table.")
        return exports.csv_response(table, period)
    days = reports.daily(period)
    context = {
        **admin_site.each_context(request),
        "title": "Insights",
        "form": form,
        "period": period,
        "presets": [{"days": days, "query": f"days={days}"} for days in PRESETS],
        "custom": bool(form.is_bound and form.is_valid() and form.cleaned_data.get("since")),
        "csv_query": form.query(period, format="csv"),
        "days": days,
        "totals": reports.totals(days),
        "chart": charts.daily_chart(days),
        "articles": reports.top_articles(period),
        "referrers": reports.top_referrers(period),
        "devices": reports.devices(period),
        "searches": reports.searches(period),
        "not_found": reports.searches(period, not_found=True),
        "subscriptions": reports.subscriptions(period),
        "issues": reports.issues(period),
        "top": reports.TOP,
    }
    return TemplateResponse(request, "admin/insights/insights.html", context)


admin.site.register_page(
    AdminPage(
        app_label="insights",
        route="",
        name="insights",
        title="Insights",
        view=insights_page,
        permission="insights.view_insights",
    )
)
