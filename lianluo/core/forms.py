from django.core.exceptions import ValidationError


def apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (others at the top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages if hasattr(item, "messages") else str(item))
    else:
        form.add_error(None, error.messages)


def run_form_action(request, form, run, *, success: str, done, again, invalid):
    """The one way a page carries out an action posted with ``form``: call ``run()`` if the form is valid, then
    - success: flash ``success`` and return ``done()`` (a redirect);
    - a ValidationError from the service: errors next to the fields, ``invalid(form)`` (the page again, 400);
    - a PermissionDeniedError: 403, as if the action were not offered;
    - any other ServiceError (the status moved on, a rule of law refused it): flash it, ``again()`` (409).
    An invalid form also gives ``invalid(form)``."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError

    from lianluo.core.errors import PermissionDeniedError, ServiceError

    if form.is_valid():
        try:
            run()
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDeniedError:
            raise PermissionDenied from None
        except ServiceError as exc:
            messages.error(request, str(exc))
            return again()
        else:
            messages.success(request, success)
            return done()
    return invalid(form)


def run_on_page(request, form, run, *, success: str, back: str, page):
    """``run_form_action`` for a form posted from a page that is shown again afterwards: on success and on a
    refusal the browser goes back to ``back`` (a URL); with errors the page is drawn again by ``page(form)``,
    whose status says why (400)."""
    from django.shortcuts import redirect

    return run_form_action(request, form, run, success=success, done=lambda: redirect(back),
                           again=lambda: redirect(back), invalid=page)
