#!/usr/bin/env python3
"""A real grpcio client of any paragraphd Documents RPC, with no generated stubs.

It waits until the server is SERVING, builds the request and response classes from the
server's reflection, sends the request given as protobuf JSON, and prints one compact JSON
line per response message (one for a unary RPC, one per message for a server stream; bytes
fields in base64, as protobuf's JSON mapping writes them).

Usage::

    python call_rpc.py localhost:50051 LocateParagraphs \\
        '{"document": "A/HRC/52/71", "quote": "a high-level panel"}'
    python call_rpc.py localhost:50051 ExportDocument \\
        '{"document": "A/HRC/52/71", "format": "EXPORT_FORMAT_MARKDOWN", "citation": "para. 58"}'

Exit codes as in select_paragraphs.py: 0 success, 1 RPC or reflection failure (the status
code's name and message on standard error), 3 not SERVING in time.
"""

from __future__ import annotations

import argparse
import sys

import grpc
from google.protobuf import descriptor_pool, json_format, message_factory
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from select_paragraphs import EXIT_FAILED, EXIT_NOT_READY, EXIT_OK, SERVICE, wait_until_serving


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parses the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("address", help="server address, host:port (plaintext)")
    parser.add_argument("method", help="a Documents RPC, e.g. LocateParagraphs")
    parser.add_argument("request", help="the request as protobuf JSON")
    parser.add_argument("--timeout", type=float, default=30.0, help="call deadline in seconds")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Runs the client; returns the process exit code."""
    args = parse_args(argv)
    with grpc.insecure_channel(args.address, options=[("grpc.enable_http_proxy", 0)]) as channel:
        if not wait_until_serving(channel, 30.0, 0.05):
            return EXIT_NOT_READY
        pool = descriptor_pool.DescriptorPool(ProtoReflectionDescriptorDatabase(channel))
        method = pool.FindServiceByName(SERVICE).methods_by_name[args.method]
        request_class = message_factory.GetMessageClass(method.input_type)
        response_class = message_factory.GetMessageClass(method.output_type)
        request = json_format.Parse(args.request, request_class())
        path = f"/{SERVICE}/{args.method}"
        kwargs = {
            "request_serializer": request_class.SerializeToString,
            "response_deserializer": response_class.FromString,
        }
        try:
            if method.server_streaming:
                responses = channel.unary_stream(path, **kwargs)(request, timeout=args.timeout)
            else:
                responses = [channel.unary_unary(path, **kwargs)(request, timeout=args.timeout)]
            for message in responses:
                print(json_format.MessageToJson(message, indent=None, ensure_ascii=False))
                sys.stdout.flush()
        except grpc.RpcError as err:
            print(f"error: {err.code().name}: {err.details()}", file=sys.stderr)
            return EXIT_FAILED
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
