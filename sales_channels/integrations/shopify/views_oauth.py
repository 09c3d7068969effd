"""The OAuth callback page: /integrations/shopify/callback, where Shopify sends the merchant after approval.

The merchant is logged in to the admin (they started the connect there). The callback's `state`
finds the pending channel among the user's company's channels; `finish_oauth` checks the shop, the
HMAC and the state, exchanges the code and pulls the shop's metadata. On success the merchant lands on
the channel's page with a green message. On a refusal they see why in red: a channel the admin
created for this connect is deleted (a failed connect creates nothing), a connected channel keeps its
state, and a callback whose state matches no pending authorization changes nothing at all.
"""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.shopify.factories.sales_channels.connect import finish_oauth
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.surfaces import forget_pending_connect

UNKNOWN_STATE = (
    "This Shopify authorization is unknown, expired or was already used, so nothing changed. "
    "Start the connection again from the channel's page."
)


def _channel_url(channel_id: int) -> str:
    return reverse("admin:sales_channels_saleschannel_change", args=[channel_id])


def _pending_channel(request: HttpRequest, state: str) -> ShopifySalesChannel | None:
    if not state:
        return None
    channels = ShopifySalesChannel.objects.filter(oauth_state=state)
    if not request.user.is_superuser:
        channels = channels.filter(multi_tenant_company=request.user.multi_tenant_company)
    return channels.first()


@require_GET
@staff_member_required
def shopify_oauth_callback(request: HttpRequest) -> HttpResponse:
    """Finish the OAuth connect the admin started; report the result on the channel's page."""
    params = {key: value for key, value in request.GET.items()}
    channel = _pending_channel(request, params.get("state", ""))
    if channel is None:
        return render(request, "admin/sales_channels/connect_result.html", {"message": UNKNOWN_STATE}, status=400)
    created_here = forget_pending_connect(request=request, channel_id=channel.pk)
    try:
        finish_oauth(channel=channel, query_params=params)
    except SalesChannelError as error:
        never_connected = channel.connection_status != ShopifySalesChannel.ConnectionStatus.CONNECTED
        if created_here and never_connected and not channel.access_token:
            channel.delete()
            messages.error(
                request, f"Shopify refused the connection: {error.message} Nothing was created: add the channel again."
            )
            return HttpResponseRedirect(reverse("admin:sales_channels_saleschannel_add") + "?integration=shopify")
        messages.error(request, f"Shopify refused the connection: {error.message}")
        return HttpResponseRedirect(_channel_url(channel.pk))
    messages.success(request, f"Connected to {channel.shop_name or channel.shop_domain} through OAuth.")
    return HttpResponseRedirect(_channel_url(channel.pk))
