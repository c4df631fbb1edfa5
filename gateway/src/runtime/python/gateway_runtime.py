"""Runs one python function for the DigitalHub development gateway.

Usage: python3 gateway_runtime.py CONFIG_JSON

The config names the mode (job or serve), the user's module and handler, and the
parameters. A job calls the handler once and writes its outcome to result_path. A serve
run calls init_function once, then serves HTTP requests on 127.0.0.1:port by calling
handler(context, event), mapping the return value to a response the way Nuclio's python
runtime does.
"""

import importlib
import importlib.util
import inspect
import json
import socket
import sys
import traceback
import types
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


class Response:
    """The subset of nuclio_sdk.Response that handlers construct."""

    def __init__(self, headers=None, body=None, content_type=None, status_code=200, event_id=None):
        self.headers = headers or {}
        self.body = body
        self.status_code = status_code
        self.content_type = content_type or "text/plain"
        self.event_id = event_id


def install_nuclio_stub():
    """Lets `from nuclio_sdk import Response` work when nuclio_sdk is not installed."""
    try:
        importlib.import_module("nuclio_sdk")
    except ImportError:
        stub = types.ModuleType("nuclio_sdk")
        stub.Response = Response
        sys.modules["nuclio_sdk"] = stub


class Logger:
    """Nuclio's context.logger: each call writes one line to stderr, which the gateway keeps
    in the run's logs."""

    def _write(self, level, message, *args, **fields):
        text = str(message) % args if args else str(message)
        if fields:
            text += " " + json.dumps(fields, default=str)
        sys.stderr.write("%s %s\n" % (level, text))
        sys.stderr.flush()

    def debug(self, message, *args):
        self._write("DEBUG", message, *args)

    def info(self, message, *args):
        self._write("INFO", message, *args)

    def warn(self, message, *args):
        self._write("WARNING", message, *args)

    warning = warn

    def error(self, message, *args):
        self._write("ERROR", message, *args)

    def debug_with(self, message, **fields):
        self._write("DEBUG", message, **fields)

    def info_with(self, message, **fields):
        self._write("INFO", message, **fields)

    def warn_with(self, message, **fields):
        self._write("WARNING", message, **fields)

    def error_with(self, message, **fields):
        self._write("ERROR", message, **fields)


def make_context(config):
    context = types.SimpleNamespace()
    context.logger = Logger()
    context.user_data = types.SimpleNamespace()
    context.worker_id = 0
    context.project = types.SimpleNamespace(name=config["project"])
    context.run = types.SimpleNamespace(id=config["run_id"], name=config["run_name"])
    return context


def load_function(config, name):
    """Imports the module and returns the function called `name` in it.

    A handler `module.path:func` is imported as a module from the source root; a plain
    `func` comes from the source file itself."""
    root = config["source_root"]
    if root not in sys.path:
        sys.path.insert(0, root)

    if ":" in config["handler"]:
        module_name = config["handler"].split(":", 1)[0]
        module = importlib.import_module(module_name)
    else:
        spec = importlib.util.spec_from_file_location("handler_module", config["source_file"])
        if spec is None or spec.loader is None:
            raise ImportError("cannot load source file %s" % config["source_file"])
        module = importlib.util.module_from_spec(spec)
        sys.modules["handler_module"] = module
        spec.loader.exec_module(module)

    function = getattr(module, name, None)
    if function is None:
        raise AttributeError("function %r not found in the function's source" % name)
    return function


def handler_name(config):
    handler = config["handler"]
    return handler.split(":", 1)[1] if ":" in handler else handler


def reserved_arguments(function, context, event=None):
    """Return the reserved arguments DigitalHub passes by name when the handler declares them."""
    available = {"context": context, "project": context.project, "run": context.run}
    if event is not None:
        available["event"] = event
    parameters = inspect.signature(function).parameters
    return {name: value for name, value in available.items() if name in parameters}


def run_job(config):
    context = make_context(config)
    outcome = {"ok": True}
    try:
        function = load_function(config, handler_name(config))
        arguments = reserved_arguments(function, context)
        arguments.update(config.get("inputs") or {})
        arguments.update(config.get("parameters") or {})
        value = function(**arguments)
        try:
            json.dumps(value)
            outcome["results"] = {} if value is None else {"output_0": value}
        except (TypeError, ValueError):
            outcome["results"] = {"output_0": str(value)}
    except BaseException as error:  # noqa: B036 - the outcome must be written for any failure
        traceback.print_exc()
        outcome = {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}

    with open(config["result_path"], "w", encoding="utf-8") as result_file:
        json.dump(outcome, result_file)
    return 0 if outcome["ok"] else 1


class Event:
    """The attributes of a Nuclio event that python handlers read."""

    def __init__(self, request, body):
        split = urlsplit(request.path)
        self.id = str(uuid.uuid4())
        self.method = request.command
        self.path = split.path
        self.url = request.path
        self.fields = dict(parse_qsl(split.query))
        self.headers = {key: value for key, value in request.headers.items()}
        self.content_type = request.headers.get("Content-Type", "")
        self.timestamp = datetime.now(timezone.utc)
        self.trigger = types.SimpleNamespace(kind="http", name="http")
        self.body = body
        # Nuclio decodes JSON only when the content type is exactly application/json.
        if self.content_type == "application/json" and body:
            try:
                self.body = json.loads(body)
            except ValueError:
                self.body = body


def encode_response(output):
    """Maps a handler's return value to (status, content type, headers, body bytes) as
    Nuclio's Response.from_entrypoint_output does."""
    status, content_type, headers, body = 200, "text/plain", {}, output
    if isinstance(output, str):
        body = output
    elif isinstance(output, tuple) and len(output) == 2:
        status = output[0]
        if isinstance(output[1], str):
            body = output[1]
        else:
            body = json.dumps(output[1])
            content_type = "application/json"
    elif isinstance(output, (dict, list)):
        body = json.dumps(output)
        content_type = "application/json"
    elif isinstance(output, Response) or type(output).__name__ == "Response":
        if isinstance(output.body, dict):
            body = json.dumps(output.body)
            content_type = "application/json"
        else:
            body = output.body
            content_type = output.content_type
        headers = dict(output.headers or {})
        status = output.status_code
    if isinstance(body, bytes):
        return int(status), content_type, headers, body
    return int(status), content_type, headers, str(body).encode("utf-8")


def make_request_handler(function, context):
    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            event = Event(self, body)
            try:
                output = function(**reserved_arguments(function, context, event))
            except BaseException:  # noqa: B036 - DigitalHub's serve wrapper returns None
                traceback.print_exc()
                output = None
            status, content_type, headers, payload = encode_response(output)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for name, value in headers.items():
                self.send_header(str(name), str(value))
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = handle_any

        def log_message(self, format, *args):
            sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))
            sys.stderr.flush()

    return RequestHandler


def run_serve(config):
    context = make_context(config)
    function = load_function(config, handler_name(config))

    init_name = config.get("init_function")
    if init_name:
        init = load_function(config, init_name)
        init(context, **(config.get("init_parameters") or {}))

    handler_class = make_request_handler(function, context)
    listen_fd = config.get("listen_fd")
    if listen_fd is None:
        server = ThreadingHTTPServer(("127.0.0.1", config["port"]), handler_class)
    else:
        # The gateway bound this socket so that no other program can take the port. The
        # server only starts listening on it, and the first accepted connection is how the
        # gateway sees that it is ready.
        server = ThreadingHTTPServer(
            ("127.0.0.1", config["port"]), handler_class, bind_and_activate=False
        )
        server.socket.close()
        server.socket = socket.socket(fileno=listen_fd)
        server.server_address = server.socket.getsockname()
        server.server_name, server.server_port = server.server_address[:2]
        server.server_activate()
    sys.stderr.write("serving on 127.0.0.1:%d\n" % config["port"])
    sys.stderr.flush()
    server.serve_forever()
    return 0


def main():
    with open(sys.argv[1], encoding="utf-8") as config_file:
        config = json.load(config_file)
    install_nuclio_stub()
    if config["mode"] == "job":
        return run_job(config)
    return run_serve(config)


if __name__ == "__main__":
    sys.exit(main())
