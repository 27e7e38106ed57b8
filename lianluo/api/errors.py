"""Chinese error bodies for the API: {"detail": "...", "errors": {field: [message, ...]}}."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from lianluo.core.errors import PermissionDeniedError, ServiceError

PYDANTIC_MESSAGES = {
    "missing": "必填",
    "int_parsing": "必须是整数",
    "int_type": "必须是整数",
    "float_parsing": "必须是数字",
    "bool_parsing": "必须是布尔值（true 或 false）",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "string_type": "必须是文本",
    "string_too_long": "过长",
    "string_too_short": "过短",
    "greater_than_equal": "过小",
    "less_than_equal": "过大",
    "greater_than": "过小",
    "less_than": "过大",
    "enum": "不是允许的取值",
    "literal_error": "不是允许的取值",
    "json_invalid": "请求体不是有效的 JSON",
    "model_attributes_type": "请求体应为 JSON 对象",
    "dict_type": "请求体应为 JSON 对象",
}


# django-ninja raises HttpError with English text in two places a client can reach.
HTTP_ERROR_MESSAGES = {
    "CSRF check Failed": "CSRF 校验失败：使用登录会话调用接口时须在 X-CSRFToken 头中附上 CSRF 令牌。",
    "Cannot parse request body": "请求体无法解析，应为 JSON。",
}
HTTP_STATUS_MESSAGES = {
    400: "请求有误。",
    403: "无权执行此操作。",
    404: "未找到。",
    405: "不支持此请求方法。",
    429: "请求过于频繁，请稍后再试。",
}


def _field_name(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data")]
    return ".".join(parts) or "请求"


def install(api) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_invalid(request, exc):
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            field = _field_name(item.get("loc", ()))
            message = PYDANTIC_MESSAGES.get(item.get("type", ""), "格式不正确")
            errors.setdefault(field, []).append(message)
        detail = "；".join(f"{field}：{'、'.join(messages)}" for field, messages in errors.items())
        return api.create_response(request, {"detail": f"输入有误：{detail}", "errors": errors}, status=422)

    @api.exception_handler(ValidationError)
    def on_service_invalid(request, exc):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"请求": exc.messages}
        detail = "；".join(f"{field}：{'、'.join(messages)}" for field, messages in errors.items())
        return api.create_response(request, {"detail": f"输入有误：{detail}", "errors": errors}, status=422)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        message = str(exc)
        for english, chinese in HTTP_ERROR_MESSAGES.items():
            if message.startswith(english):
                message = chinese
                break
        else:
            message = HTTP_STATUS_MESSAGES.get(exc.status_code, message)
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return api.create_response(request, {"detail": "未登录或令牌无效。"}, status=401)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return api.create_response(request, {"detail": "未找到。"}, status=404)

    @api.exception_handler(PermissionDenied)
    def on_denied(request, exc):
        return api.create_response(request, {"detail": "无权执行此操作。"}, status=403)

    @api.exception_handler(PermissionDeniedError)
    def on_service_denied(request, exc):
        return api.create_response(request, {"detail": str(exc) or "无权执行此操作。"}, status=403)

    @api.exception_handler(ServiceError)
    def on_service_error(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=409)
