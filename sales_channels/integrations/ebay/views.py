"""eBay's two public pages: the consent callback (the RuName's accepted URL) and the account deletion endpoint.

The callback finds the pending channel by its state among the staff user's company's channels and
finishes the connect (`finish_oauth`); a refused connect of a channel the admin created for it is
deleted. The account deletion endpoint answers eBay's challenge and hands each notification to the
webhook inbox of every eBay channel holding something of the user it names, seller or buyer
(verified there, stored once, erased); one no channel takes is still verified (412 when forged).
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.ebay.factories.sales_channels.account_deletion import (
    challenge_response,
    deliver_notification,
)
from sales_channels.integrations.ebay.factories.sales_channels.connect import finish_oauth
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.surfaces import forget_pending_connect

UNKNOWN_STATE = (
    "This eBay authorization is unknown, expired or was already used, so nothing changed. "
    "Start the connection again from the channel's page."
)


def _channel_url(channel_id: int) -> str:
    return reverse("admin:sales_channels_saleschannel_change", args=[channel_id])


@require_GET
@staff_member_required
def ebay_oauth_callback(request: HttpRequest) -> HttpResponse:
    """Finish the consent the admin started; report the result on the channel's page."""
    params = {key: value for key, value in request.GET.items()}
    channels = EbaySalesChannel.objects.filter(oauth_state=params.get("state") or "-")
    if not request.user.is_superuser:
        channels = channels.filter(multi_tenant_company=request.user.multi_tenant_company)
    channel = channels.first()
    if channel is None:
        return render(request, "admin/sales_channels/connect_result.html", {"message": UNKNOWN_STATE}, status=400)
    created_here = forget_pending_connect(request=request, channel_id=channel.pk)
    try:
        finish_oauth(channel=channel, query_params=params)
    except SalesChannelError as error:
        never_connected = channel.connection_status != EbaySalesChannel.ConnectionStatus.CONNECTED
        if created_here and never_connected and not channel.access_token:
            channel.delete()
            messages.error(request, f"eBay refused the connection: {error.message} Nothing was created.")
            return HttpResponseRedirect(reverse("admin:sales_channels_saleschannel_add") + "?integration=ebay")
        messages.error(request, f"eBay refused the connection: {error.message}")
        return HttpResponseRedirect(_channel_url(channel.pk))
    messages.success(request, f"Connected to eBay as {channel.ebay_username or channel.name}.")
    return HttpResponseRedirect(_channel_url(channel.pk))


def deletion_endpoint_url(request: HttpRequest) -> str:
    """The endpoint URL exactly as registered on eBay (it is part of the challenge hash)."""
    configured = getattr(settings, "EBAY_ACCOUNT_DELETION_ENDPOINT", "")
    return configured or request.build_absolute_uri(request.path)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def ebay_account_deletion(request: HttpRequest) -> HttpResponse:
    """GET: eBay's challenge. POST: a signed account deletion notification (204 once handled, 412 refused)."""
    token = getattr(settings, "EBAY_VERIFICATION_TOKEN", "")
    if not token:
        return JsonResponse({"error": "account deletion endpoint not configured"}, status=503)
    if request.method == "GET":
        code = request.GET.get("challenge_code", "")
        if not code:
            return JsonResponse({"error": "challenge_code missing"}, status=400)
        answer = challenge_response(
            challenge_code=code, verification_token=token, endpoint=deletion_endpoint_url(request)
        )
        return HttpResponse(json.dumps({"challengeResponse": answer}), content_type="application/json", status=200)
    headers = {name: value for name, value in request.headers.items()}
    handed = deliver_notification(body=request.body, headers=headers)  # verified, stored once, erased
    if handed.status >= 300:
        return JsonResponse({"error": handed.detail}, status=handed.status)
    return HttpResponse(status=204)
