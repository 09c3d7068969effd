"""Magento's error answers: `{"message": "...%1...", "parameters": [...]}` with the HTTP status Magento uses."""

from dataclasses import dataclass, field
from typing import Any

NO_SUCH_PRODUCT = "The product that was requested doesn't exist. Verify the product and try again."
NO_SUCH_ENTITY = "The entity that was requested doesn't exist. Verify the entity and try again."
NO_ACCESSOR = 'Property "%fieldName" does not have accessor method "%getter" in class "%className".'
EMPTY_ATTRIBUTE = 'The "%1" attribute value is empty. Set the attribute and try again.'
NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
RATE_LIMITED = "Too many requests. Slow down and try again."
SERVER_ERROR = "Internal Error. Details are available in Magento log file. Report ID: webapi-%1"


@dataclass
class MagentoError(Exception):
    """An error answer: HTTP status, Magento's message template and its parameters."""

    status: int
    message: str
    parameters: Any = field(default_factory=list)

    def body(self) -> dict[str, Any]:
        answer: dict[str, Any] = {"message": self.message}
        if self.parameters:
            answer["parameters"] = self.parameters
        return answer

    def rendered(self) -> str:
        """The message with its parameters filled in (what the bulk status shows as result_message)."""
        text = self.message
        if isinstance(self.parameters, dict):
            for name, value in self.parameters.items():
                text = text.replace(f"%{name}", str(value))
        else:
            for index, value in enumerate(self.parameters or [], start=1):
                text = text.replace(f"%{index}", str(value))
        return text


def missing_product() -> MagentoError:
    return MagentoError(404, NO_SUCH_PRODUCT)


def bad_request(message: str, parameters: Any = None) -> MagentoError:
    return MagentoError(400, message, parameters or [])


def unknown_field(*, field_name: str, class_name: str) -> MagentoError:
    getter = "get" + "".join(part.capitalize() for part in field_name.split("_"))
    return MagentoError(400, NO_ACCESSOR, {"fieldName": field_name, "getter": getter, "className": class_name})
