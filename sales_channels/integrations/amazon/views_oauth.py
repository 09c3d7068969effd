"""The consent callback: /integrations/amazon/callback, where Seller Central sends the merchant after approval.

The `state` finds the pending channel among the user's company's channels; `finish_authorization`
checks it, exchanges `spapi_oauth_code` and pulls the marketplaces. A refused connect of a channel the
admin created for it deletes that channel (a failed connect creates nothing).
"""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.amazon.factories.auth import finish_authorization
from sales_channels.integrations.amazon.factories.connect import callback_uri
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.surfaces import forget_pending_connect

UNKNOWN_STATE = (
    "This Amazon authorization is unknown, expired or was already used, so nothing changed. "
    "Start the connection again from the channel's page."
)


@require_GET
@staff_member_required
def amazon_oauth_callback(request: HttpRequest) -> HttpResponse:
    """Finish the consent the admin started; report the result on the channel's page."""
    params = dict(request.GET.items())
    state = params.get("state", "")
    channels = AmazonSalesChannel.objects.filter(oauth_state=state) if state else AmazonSalesChannel.objects.none()
    if not request.user.is_superuser:
        channels = channels.filter(multi_tenant_company=request.user.multi_tenant_company)
    channel = channels.first()
    if channel is None:
        return render(request, "admin/sales_channels/connect_result.html", {"message": UNKNOWN_STATE}, status=400)
    created_here = forget_pending_connect(request=request, channel_id=channel.pk)
    try:
        finish_authorization(channel=channel, query_params=params, redirect_uri=callback_uri(request=request))
    except SalesChannelError as error:
        if created_here and not channel.refresh_token:
            channel.delete()
            messages.error(request, f"Amazon refused the connection: {error} Nothing was created: add it again.")
            return HttpResponseRedirect(reverse("admin:sales_channels_saleschannel_add") + "?integration=amazon")
        messages.error(request, f"Amazon refused the connection: {error}")
        return HttpResponseRedirect(reverse("admin:sales_channels_saleschannel_change", args=[channel.pk]))
    messages.success(request, f"Connected to Amazon seller {channel.selling_partner_id}.")
    return HttpResponseRedirect(reverse("admin:sales_channels_saleschannel_change", args=[channel.pk]))
