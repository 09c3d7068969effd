"""A fake vendor with bulk endpoints, in the existing fake's style (in memory, faults raised like the HTTP layer).

Modelled on the vendors' batch APIs (WooCommerce `products/batch`, eBay `bulk_*`, Magento async bulk):

- `batch_products(create, update)`: at most `limit` items per call (more is a 400 for the whole
  call); every item answers on its own: an id, or an error. A create whose SKU exists is refused
  with code `product_invalid_sku` and the existing id (`resource_id`), like WooCommerce;
- `lookup_skus(skus)`: one call, ids by SKU;
- `batch_prices(items)` / `batch_stock(items)`: one section for many listings;
- `submit_job(items)` / `job_status(job_id)` / `job_report(job_id)`: an asynchronous job whose report
  is ready after `job_polls` status calls and answers per item;
- `reject[sku] = message`: that item is refused (in batches and in job reports);
- `lose_answer("batch_products")`: the next call of that operation is applied, then times out
  (the answer is lost), to prove a retried batch does not create twice.
"""

from dataclasses import dataclass, field
from typing import Any

from sales_channels.exceptions import TransientVendorError, VendorValidationError
from sales_channels.tests.fake.remote import FakeRemote


@dataclass
class FakeJob:
    """An asynchronous job of the fake batch vendor."""

    items: list[dict[str, Any]]
    polls: int = 0
    report: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class FakeBatchRemote(FakeRemote):
    """The batch vendor's state: products unique by SKU, prices, stock, jobs; counters and faults from FakeRemote."""

    limit: int = 100
    job_polls: int = 2
    reject: dict[str, str] = field(default_factory=dict)
    jobs: dict[str, FakeJob] = field(default_factory=dict)
    lost_answers: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        self._skus: dict[str, str] = {}

    def lose_answer(self, operation: str, *, times: int = 1) -> None:
        self.lost_answers[operation] = self.lost_answers.get(operation, 0) + times

    def call(self, operation: str, handler, *args: Any, **kwargs: Any) -> Any:
        answer = super().call(operation, handler, *args, **kwargs)
        if self.lost_answers.get(operation, 0) > 0:
            self.lost_answers[operation] -= 1
            raise TransientVendorError("ReadTimeout: the fake batch vendor did not answer in time.")
        return answer

    # -- the vendor's operations (called inside `call`) -----------------------------------------

    def check_limit(self, count: int) -> None:
        if count > self.limit:
            raise VendorValidationError([f"at most {self.limit} items per request, got {count}"], status_code=400)

    def by_sku(self, sku: str) -> str | None:
        remote_id = self._skus.get(sku)
        return remote_id if remote_id in self.products else None

    def create_one(self, payload: dict[str, Any]) -> dict[str, Any]:
        sku = payload.get("sku")
        if sku in self.reject:
            return {"error": {"code": "invalid_param", "message": self.reject[sku]}}
        existing = self.by_sku(sku)
        if existing:
            message = f"Invalid or duplicated SKU {sku}."
            return {"error": {"code": "product_invalid_sku", "message": message, "resource_id": existing}}
        remote_id = self.new_id()
        self.products[remote_id] = {"sku": sku, "id": remote_id} if self.lean else {**payload, "id": remote_id}
        self._skus[sku] = remote_id
        return {"id": remote_id}

    def update_one(self, payload: dict[str, Any]) -> dict[str, Any]:
        remote_id = str(payload.get("id"))
        record = self.products.get(remote_id)
        if record is None:
            return {"id": remote_id, "error": {"code": "invalid_id", "message": f"Invalid ID {remote_id}."}}
        if record.get("sku") in self.reject:
            return {"id": remote_id, "error": {"code": "invalid_param", "message": self.reject[record["sku"]]}}
        if not self.lean:
            record.update(payload)
        return {"id": remote_id}

    def batch_products(self, *, create: list[dict], update: list[dict]) -> dict[str, list[dict]]:
        self.check_limit(len(create) + len(update))
        return {"create": [self.create_one(p) for p in create], "update": [self.update_one(p) for p in update]}

    def set_section(self, table: dict, items: list[dict]) -> list[dict]:
        self.check_limit(len(items))
        answers = []
        for item in items:
            record = self.products.get(str(item.get("id")))
            if record is None:
                answers.append({"id": item.get("id"), "error": {"code": "invalid_id", "message": "Invalid ID."}})
            elif record.get("sku") in self.reject:
                answers.append(
                    {"id": item["id"], "error": {"code": "invalid_param", "message": self.reject[record["sku"]]}}
                )
            else:
                table[str(item["id"])] = {} if self.lean else dict(item)
                answers.append({"id": item["id"]})
        return answers

    def submit(self, items: list[dict]) -> str:
        self.check_limit(len(items))
        job_id = f"job-{self.new_id()}"
        self.jobs[job_id] = FakeJob(items=[dict(item) for item in items])
        return job_id

    def status_of(self, job_id: str) -> str:
        job = self.jobs[job_id]
        job.polls += 1
        if job.polls < self.job_polls:
            return "running"
        if not job.report:  # the vendor processes the job once, when it finishes
            for item in job.items:
                answer = self.update_one(item) if item.get("id") else self.create_one(item)
                if "error" in answer and answer["error"]["code"] == "product_invalid_sku":  # an upsert by SKU
                    answer = self.update_one({**item, "id": answer["error"]["resource_id"]})
                job.report[item["sku"]] = answer
        return "done"
