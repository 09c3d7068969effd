"""The key-provisioning endpoints: the store's server-to-server callback and the merchant's return."""

import json
import logging

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.woocommerce.factories.sales_channels.connect import accept_provisioned_keys

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def auth_callback(request: HttpRequest) -> HttpResponse:
    """The store POSTs the new keys as JSON; a non-2xx answer makes it revoke them (nothing half-done)."""
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "The body is not JSON."}, status=400)
    try:
        channel = accept_provisioned_keys(payload=payload)
    except SalesChannelError as error:
        logger.warning("WooCommerce key callback refused: %s", error)
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"connected": True, "channel": channel.pk})


@require_GET
def auth_return(request: HttpRequest) -> HttpResponse:
    """Where the store sends the merchant back (`success=0|1`): the admin's channel list."""
    return HttpResponseRedirect(reverse("admin:index"))
