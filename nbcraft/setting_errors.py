"""How a setting the user got wrong is shown, in the lab (``/nbcraft/info`` and the server
log) and in the CLIs: by its class, name and what it needs, never by its value. A traitlets
``TraitError`` prints the value, and a mistyped token (an int) is still a token."""

from __future__ import annotations

import re

_TRAIT = re.compile(r"(?:(Values|Keys|Elements) of )?[Tt]he '(\w+)' trait of an? (\w+) instance")
_EXPECTED = re.compile(r"(?:expected|must be) (.+?)(?:, not |, but )")
# A trait's own validation (jupyter_server's GatewayClient): "GatewayClient ws_url must start
# with 'ws': '<value>'".
_RULE = re.compile(r"^(\w+) (\w+) (must [^:]+?):")
NOT_SHOWN = "(the value is not shown: it may be a secret)"


def setting_error(error: BaseException) -> str:
    """``error`` (a traitlets ``TraitError``) without the value it carries: the setting it is
    about and what that setting needs, as far as traitlets' message says."""
    text = str(error)
    trait, rule = _TRAIT.search(text), _RULE.match(text)
    if trait:
        expected = _EXPECTED.search(text)
        part = f" ({trait[1].lower()})" if trait[1] else ""
        need = f": expected {expected[1]}" if expected else ": a value of the wrong type"
        return f"c.{trait[3]}.{trait[2]}{part}{need} {NOT_SHOWN}"
    if rule:
        return f"c.{rule[1]}.{rule[2]} (or its environment variable) {rule[3]} {NOT_SHOWN}"
    return f"a setting has a value it does not accept {NOT_SHOWN}"
