"""The key-provisioning endpoints: the store's server-to-server callback and the merchant's return.

The store first POSTs the keys as JSON to the callback (matched to a pending connect by our
unguessable `user_id`, single use); a non-2xx answer makes the store revoke the keys, so nothing is
left half-done. Then it sends the merchant's browser to the return page with `success=0|1`: the
merchant lands on the channel's admin page; when the connect failed and the admin created the
channel for it, the channel is deleted (a failed connect creates nothing).
"""

import json
import logging

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.woocommerce.factories.sales_channels.connect import accept_provisioned_keys
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.surfaces import forget_pending_connect

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def auth_callback(request: HttpRequest) -> HttpResponse:
    """The store POSTs the new keys as JSON; we answer 200 only once they are checked and stored."""
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "The body is not JSON."}, status=400)
    try:
        accept_provisioned_keys(payload=payload)
    except SalesChannelError as error:
        logger.warning("WooCommerce key callback refused: %s", error.message)
        return JsonResponse({"error": error.message}, status=400)
    return JsonResponse({"connected": True})


@require_GET
@staff_member_required
def auth_return(request: HttpRequest) -> HttpResponse:
    """Where the store sends the merchant back: the channel's page, with the result."""
    channels = WooCommerceSalesChannel.objects.filter(pk=request.GET.get("channel") or 0)
    if not request.user.is_superuser:
        channels = channels.filter(multi_tenant_company=request.user.multi_tenant_company)
    channel = channels.first()
    if channel is None:
        messages.error(request, "This WooCommerce connection is unknown; nothing changed.")
        return HttpResponseRedirect(reverse("admin:index"))
    created_here = forget_pending_connect(request=request, channel_id=channel.pk)
    if channel.connection_status == WooCommerceSalesChannel.ConnectionStatus.CONNECTED and channel.has_keys:
        messages.success(request, f"{channel.name}: connected to WooCommerce {channel.wc_version}.")
        return HttpResponseRedirect(reverse("admin:sales_channels_saleschannel_change", args=[channel.pk]))
    reason = channel.last_connection_error or "the store did not approve the key."
    if created_here and not channel.has_keys:
        channel.delete()
        messages.error(request, f"WooCommerce did not connect: {reason} Nothing was created: add the channel again.")
        return HttpResponseRedirect(reverse("admin:sales_channels_saleschannel_add") + "?integration=woocommerce")
    messages.error(request, f"WooCommerce did not connect: {reason}")
    return HttpResponseRedirect(reverse("admin:sales_channels_saleschannel_change", args=[channel.pk]))
