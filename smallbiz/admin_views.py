"""Pages of the admin site that belong to no model: the signed-in user's own account."""

import logging

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from smallbiz.forms import AccountForm

logger = logging.getLogger(__name__)


def my_account(request, admin_site):
    """Let any staff user change their own name and email, and nothing else."""
    form = AccountForm(request.POST or None, instance=request.user)
    if form.is_valid():
        if form.has_changed():
            form.save()
            logger.info("User %s changed %s", request.user.pk, ", ".join(form.changed_data))
            messages.success(request, "Your account was saved.")
        else:
            messages.info(request, "Nothing changed.")
        return redirect("admin:my_account")
    context = {**admin_site.each_context(request), "title": "My account", "form": form}
    return TemplateResponse(request, "admin/my_account.html", context)
