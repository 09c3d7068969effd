"""The Shopify webhook endpoint /webhooks/shopify/<channel id>/: the framework's inbox view for Shopify."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.webhooks.views import webhook_view


@csrf_exempt
@require_POST
def shopify_webhook(request: HttpRequest, channel_id: int) -> HttpResponse:
    """Verify (HMAC, shop, age), store once by event id and acknowledge; processing runs in the inbox task."""
    return webhook_view(request, integration=ShopifySalesChannel.INTEGRATION, channel_id=channel_id)
