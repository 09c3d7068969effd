"""The sandbox's Feeds API: documents (upload and download URLs on the sandbox), feeds processed after a delay.

A JSON_LISTINGS_FEED is processed the first time it is read after `processing_seconds`: each
message is applied through the listings store like the matching Listings Items call, and the
processing report (`header`, `issues`, `summary`) becomes the feed's result document.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .listings import INVALID_VALUE, ListingsStore, now_iso

MAX_MESSAGES = 25_000
LISTINGS_FEED = "JSON_LISTINGS_FEED"


@dataclass
class Document:
    """A feed document: uploaded content (input) or a processing report (result)."""

    document_id: str
    content_type: str
    content: bytes = b""


@dataclass
class Feed:
    """One submitted feed and where its processing stands."""

    feed_id: str
    feed_type: str
    marketplace_ids: list[str]
    input_document_id: str
    created_at: float
    created_time: str = field(default_factory=now_iso)
    status: str = "IN_QUEUE"
    started_time: str | None = None
    finished_time: str | None = None
    result_document_id: str | None = None

    def as_answer(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "feedId": self.feed_id,
            "feedType": self.feed_type,
            "marketplaceIds": self.marketplace_ids,
            "createdTime": self.created_time,
            "processingStatus": self.status,
        }
        if self.started_time:
            answer["processingStartTime"] = self.started_time
        if self.finished_time:
            answer["processingEndTime"] = self.finished_time
        if self.result_document_id:
            answer["resultFeedDocumentId"] = self.result_document_id
        return answer


class FeedsStore:
    """Documents and feeds; listings feeds applied to the listings store when their delay has passed."""

    def __init__(self, *, listings: ListingsStore, seller_id: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.lock = threading.RLock()
        self.listings = listings
        self.seller_id = seller_id
        self.clock = clock
        self.documents: dict[str, Document] = {}
        self.feeds: dict[str, Feed] = {}
        self.processing_seconds = 2.0
        self.seconds_per_message = 0.0
        self.messages_applied = 0

    def create_document(self, content_type: str) -> Document:
        with self.lock:
            document = Document(document_id=f"amzn1.tortuga.4.na.{uuid.uuid4().hex}", content_type=content_type)
            self.documents[document.document_id] = document
            return document

    def upload(self, document_id: str, content: bytes) -> bool:
        with self.lock:
            document = self.documents.get(document_id)
            if document is None:
                return False
            document.content = content
            return True

    def create_feed(self, *, feed_type: str, marketplace_ids: list[str], document_id: str) -> Feed:
        with self.lock:
            feed = Feed(
                feed_id=str(50_000_000_000 + len(self.feeds) + 1),
                feed_type=feed_type,
                marketplace_ids=marketplace_ids,
                input_document_id=document_id,
                created_at=self.clock(),
            )
            self.feeds[feed.feed_id] = feed
            return feed

    def get_feed(self, feed_id: str) -> Feed | None:
        with self.lock:
            feed = self.feeds.get(feed_id)
            if feed is not None and feed.status in ("IN_QUEUE", "IN_PROGRESS"):
                self._advance(feed)
            return feed

    def _advance(self, feed: Feed) -> None:
        document = self.documents.get(feed.input_document_id)
        messages = self._messages(document)
        delay = self.processing_seconds + self.seconds_per_message * len(messages or [])
        elapsed = self.clock() - feed.created_at
        if elapsed < delay / 2:
            return
        if feed.status == "IN_QUEUE":
            feed.status, feed.started_time = "IN_PROGRESS", now_iso()
        if elapsed < delay:
            return
        if messages is None:
            feed.status, feed.finished_time = "FATAL", now_iso()
            report = {
                "header": {"sellerId": self.seller_id, "version": "2.0", "feedId": feed.feed_id},
                "issues": [
                    {
                        "messageId": 0,
                        "code": INVALID_VALUE,
                        "severity": "ERROR",
                        "message": "The feed document is not valid JSON_LISTINGS_FEED v2 JSON.",
                    }
                ],
                "summary": {
                    "errors": 1,
                    "warnings": 0,
                    "messagesProcessed": 0,
                    "messagesAccepted": 0,
                    "messagesInvalid": 0,
                },
            }
        else:
            report = self._process(feed, messages)
            feed.status, feed.finished_time = "DONE", now_iso()
        result = self.create_document("application/json")
        result.content = json.dumps(report).encode()
        feed.result_document_id = result.document_id

    @staticmethod
    def _messages(document: Document | None) -> list[dict[str, Any]] | None:
        if document is None:
            return None
        try:
            body = json.loads(document.content or b"null")
        except ValueError:
            return None
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("messages"), list)
            or not isinstance(body.get("header"), dict)
        ):
            return None
        if not 1 <= len(body["messages"]) <= MAX_MESSAGES or body["header"].get("version") != "2.0":
            return None
        return body["messages"]

    def _process(self, feed: Feed, messages: list[dict[str, Any]]) -> dict[str, Any]:
        marketplace_id = feed.marketplace_ids[0]
        issues: list[dict[str, Any]] = []
        accepted = invalid = 0
        for message in messages:
            sku, message_id = message.get("sku", ""), message.get("messageId")
            operation = message.get("operationType")
            if operation == "UPDATE":
                answer = self.listings.put(sku=sku, marketplace_id=marketplace_id, body=message, preview=False)
            elif operation in ("PATCH", "PARTIAL_UPDATE"):
                answer = self.listings.patch(sku=sku, marketplace_id=marketplace_id, body=message, preview=False)
            elif operation == "DELETE":
                answer = self.listings.delete(sku=sku, marketplace_id=marketplace_id)
            else:
                answer = {
                    "status": "INVALID",
                    "issues": [
                        {"code": INVALID_VALUE, "severity": "ERROR", "message": f"Unknown operationType '{operation}'."}
                    ],
                }
            if answer is None:
                answer = {
                    "status": "INVALID",
                    "issues": [
                        {
                            "code": "4000004",
                            "severity": "ERROR",
                            "message": f"The SKU '{sku}' has no listing to change.",
                        }
                    ],
                }
            self.messages_applied += 1
            for issue in answer.get("issues", []):
                entry = {
                    "messageId": message_id,
                    "sku": sku,
                    "code": issue["code"],
                    "severity": issue["severity"],
                    "message": issue["message"],
                }
                if issue.get("attributeNames"):
                    entry["attributeName"] = issue["attributeNames"][0]
                issues.append(entry)
            if answer.get("status") == "ACCEPTED":
                accepted += 1
            else:
                invalid += 1
        return {
            "header": {"sellerId": self.seller_id, "version": "2.0", "feedId": feed.feed_id},
            "issues": issues,
            "summary": {
                "errors": sum(1 for issue in issues if issue["severity"] == "ERROR"),
                "warnings": sum(1 for issue in issues if issue["severity"] == "WARNING"),
                "messagesProcessed": len(messages),
                "messagesAccepted": accepted,
                "messagesInvalid": invalid,
            },
        }
