"""Follow-up codes: 16 symbols of Crockford's base32 (80 bits), shown as four groups of four.

The code is handed to the reporter once and never stored. The database keeps two keyed
hashes of it (HMAC-SHA256 with keys derived from SECRET_KEY): `lookup` finds the row through
a unique index, `verifier` confirms the match with a constant-time comparison, so the time a
database index takes never decides whether a code is accepted.
"""

import hmac
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

# Crockford's base32: no I, L, O or U, so nothing reads as another symbol.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
CODE_BITS = 80  # 16 symbols x 5 bits
GROUP_SIZE = 4

# What people type by mistake, read the Crockford way.
_TYPO_MAP = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = str.maketrans("", "", " -\t\n\r\u00a0_.")

_LOOKUP_SALT = "mozaiek.confidential.code.lookup"
_VERIFIER_SALT = "mozaiek.confidential.code.verifier"


def generate_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i : i + GROUP_SIZE] for i in range(0, len(code), GROUP_SIZE))


def normalize_code(raw: str) -> str:
    """The code as stored-hash input: upper case, separators dropped, look-alikes mapped.

    The result may still be malformed; see `is_well_formed`.
    """
    return raw.translate(_IGNORED).upper().translate(_TYPO_MAP)


def is_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(symbol in ALPHABET for symbol in code)


def _secrets() -> list[str]:
    # Codes handed out before a key rotation keep working while the old key is a fallback.
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def lookup_hash(code: str, secret: str | None = None) -> str:
    secret = secret or settings.SECRET_KEY
    return salted_hmac(_LOOKUP_SALT, code, secret=secret, algorithm="sha256").hexdigest()


def verifier_hash(code: str, secret: str | None = None) -> str:
    secret = secret or settings.SECRET_KEY
    return salted_hmac(_VERIFIER_SALT, code, secret=secret, algorithm="sha256").hexdigest()


def lookup_candidates(code: str) -> dict[str, str]:
    """Every lookup hash the code may be stored under, mapped to its expected verifier."""
    return {lookup_hash(code, secret): verifier_hash(code, secret) for secret in _secrets()}


def verifier_matches(stored: str, expected: str) -> bool:
    return hmac.compare_digest(stored.encode(), expected.encode())
