"""Serve example for the DigitalHub demo console.

POST a JSON object such as {"text": "hello", "numbers": [1, 2, 3]}. The handler returns
values computed in Python: the SHA-256 of the text, the text reversed and upper-cased,
the sum of squares of the numbers, and the interpreter version that computed them.
"""

import hashlib
import json
import platform


def handler(context, event):
    body = event.body
    if isinstance(body, (bytes, bytearray)):
        body = json.loads(body.decode("utf-8") or "{}")
    if not isinstance(body, dict):
        return 400, {"error": "send a JSON object such as {\"text\": \"hello\"}"}

    text = str(body.get("text", ""))
    numbers = body.get("numbers", [])
    if not isinstance(numbers, list) or not all(isinstance(n, (int, float)) for n in numbers):
        return 400, {"error": "numbers must be a list of numbers"}

    context.logger.info("digesting %d characters and %d numbers", len(text), len(numbers))
    return {
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "shouted": text[::-1].upper(),
        "sum_of_squares": sum(n * n for n in numbers),
        "python": platform.python_version(),
    }
