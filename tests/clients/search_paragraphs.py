#!/usr/bin/env python3
"""A real grpcio client of paragraphd's search, with no generated stubs.

It waits until the server's health service answers SERVING, builds the request and response
classes from the server's own reflection service, then calls the server-streaming
``/paragraphd.v1.Documents/SearchParagraphs`` with the request given as proto3 JSON and prints
one compact JSON line per hit (protobuf's JSON mapping).

Usage::

    python search_paragraphs.py localhost:50051 '{"query": "\\"permanent forum\\""}'
    python search_paragraphs.py localhost:50051 '{"query": "*orum"}' --expect-error
        # prints the status code name, e.g. INVALID_ARGUMENT, and exits 0 because the call failed

Exit codes: 0 success (or, with --expect-error, the call failed as expected); 1 an RPC or
reflection failure (or, with --expect-error, the call unexpectedly succeeded); 2 bad arguments;
3 the server did not report SERVING in time.

tests/e2e_search.rs runs this script with the venv that tests/tools/provision.sh provisions.
"""

from __future__ import annotations

import argparse
import sys
import time

import grpc
from google.protobuf import descriptor_pool, json_format, message_factory
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

SERVICE = "paragraphd.v1.Documents"
METHOD = "SearchParagraphs"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NOT_READY = 3


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parses the command line."""
    parser = argparse.ArgumentParser(
        description="Stream hits from paragraphd's SearchParagraphs, built via reflection."
    )
    parser.add_argument("address", help="server address, host:port (plaintext without --ca)")
    parser.add_argument("--ca", help="PEM CA certificates: a TLS channel verifying the server")
    parser.add_argument("--cert", help="PEM client certificate (mutual TLS; needs --ca, --key)")
    parser.add_argument("--key", help="PEM private key of --cert")
    parser.add_argument("--token", help="bearer token sent as `authorization: Bearer TOKEN`")
    parser.add_argument("request", help="the SearchParagraphsRequest as proto3 JSON")
    parser.add_argument(
        "--expect-error",
        action="store_true",
        help="the call must fail: print its status code name (e.g. NOT_FOUND) and exit 0",
    )
    parser.add_argument(
        "--ready-timeout",
        type=float,
        default=10.0,
        help="seconds to wait for health SERVING (default 10)",
    )
    parser.add_argument(
        "--poll-interval",
        type=float,
        default=0.05,
        help="seconds between health checks (default 0.05)",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="deadline of each RPC in seconds (default 30)"
    )
    return parser.parse_args(argv)


def wait_until_serving(channel: grpc.Channel, timeout: float, interval: float) -> bool:
    """Polls grpc.health.v1.Health/Check for the whole server until SERVING, at most `timeout` s."""
    stub = health_pb2_grpc.HealthStub(channel)
    deadline = time.monotonic() + timeout
    last = "no answer"
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            print(f"error: server not SERVING after {timeout}s (last: {last})", file=sys.stderr)
            return False
        try:
            response = stub.Check(
                health_pb2.HealthCheckRequest(service=""), timeout=min(1.0, remaining)
            )
            if response.status == health_pb2.HealthCheckResponse.SERVING:
                return True
            last = health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
        except grpc.RpcError as err:
            last = f"{err.code().name}: {err.details()}"
        time.sleep(interval)


def message_classes(channel: grpc.Channel):
    """Returns (request class, response class) of SearchParagraphs, built from reflection."""
    pool = descriptor_pool.DescriptorPool(ProtoReflectionDescriptorDatabase(channel))
    service = pool.FindServiceByName(SERVICE)
    method = service.methods_by_name[METHOD]
    if method.client_streaming or not method.server_streaming:
        raise RuntimeError(f"{SERVICE}/{METHOD} is not server-streaming according to reflection")
    return (
        message_factory.GetMessageClass(method.input_type),
        message_factory.GetMessageClass(method.output_type),
    )


def open_channel(args: argparse.Namespace, options: list) -> grpc.Channel:
    """A plaintext channel, or a TLS one with --ca (and a client certificate with --cert)."""
    if not args.ca:
        return grpc.insecure_channel(args.address, options=options)

    def read(path):
        with open(path, "rb") as f:
            return f.read()

    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(args.ca),
        private_key=read(args.key) if args.key else None,
        certificate_chain=read(args.cert) if args.cert else None,
    )
    return grpc.secure_channel(args.address, credentials, options=options)


def main(argv: list[str]) -> int:
    """Runs the client; returns the process exit code."""
    args = parse_args(argv)
    options = [
        # Talk to the address given, never through an HTTP proxy from the environment.
        ("grpc.enable_http_proxy", 0),
        # Reconnect quickly while the server is starting, so polling stays responsive.
        ("grpc.initial_reconnect_backoff_ms", 50),
        ("grpc.min_reconnect_backoff_ms", 50),
        ("grpc.max_reconnect_backoff_ms", 250),
    ]
    metadata = [("authorization", f"Bearer {args.token}")] if args.token else None
    with open_channel(args, options) as channel:
        if not wait_until_serving(channel, args.ready_timeout, args.poll_interval):
            return EXIT_NOT_READY
        try:
            request_class, response_class = message_classes(channel)
        except (KeyError, RuntimeError, grpc.RpcError) as err:
            print(f"error: cannot resolve {SERVICE}/{METHOD} by reflection: {err!r}", file=sys.stderr)
            return EXIT_FAILED

        request = json_format.Parse(args.request, request_class())
        call = channel.unary_stream(
            f"/{SERVICE}/{METHOD}",
            request_serializer=request_class.SerializeToString,
            response_deserializer=response_class.FromString,
        )
        try:
            for hit in call(request, timeout=args.timeout, metadata=metadata):
                print(json_format.MessageToJson(hit, indent=None, ensure_ascii=False))
                sys.stdout.flush()
        except grpc.RpcError as err:
            if args.expect_error:
                print(err.code().name)
                print(f"details: {err.details()}", file=sys.stderr)
                return EXIT_OK
            print(f"error: {err.code().name}: {err.details()}", file=sys.stderr)
            return EXIT_FAILED
        if args.expect_error:
            print("error: the call succeeded but --expect-error was given", file=sys.stderr)
            return EXIT_FAILED
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
