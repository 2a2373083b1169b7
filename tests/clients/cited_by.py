#!/usr/bin/env python3
"""A real grpcio client of paragraphd's CitedBy, with no generated stubs.

It waits until the server is SERVING, builds CitedByRequest and CitingParagraph from the
server's reflection, calls the server-streaming ``/paragraphd.v1.Documents/CitedBy`` and prints
one compact JSON line per streamed message (protobuf's JSON mapping): each paragraph of the
corpus citing what the citation names, with the citation that cites it.

Usage::

    python cited_by.py localhost:50051 --citation "A/HRC/52/71, para. 58"

Exit codes as in select_paragraphs.py: 0 success, 1 RPC or reflection failure, 3 not SERVING
in time.
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

METHOD = "CitedBy"


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parses the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("address", help="server address, host:port (plaintext)")
    parser.add_argument("--document", default="", help="document id or UN symbol")
    parser.add_argument("--citation", default="", help="what is cited, e.g. 'A/HRC/52/71, para. 58'")
    parser.add_argument("--timeout", type=float, default=30.0, help="call deadline in seconds")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Runs the client; returns the process exit code."""
    args = parse_args(argv)
    with grpc.insecure_channel(args.address, options=[("grpc.enable_http_proxy", 0)]) as channel:
        if not wait_until_serving(channel, 30.0, 0.05):
            return EXIT_NOT_READY
        pool = descriptor_pool.DescriptorPool(ProtoReflectionDescriptorDatabase(channel))
        method = pool.FindServiceByName(SERVICE).methods_by_name[METHOD]
        request_class = message_factory.GetMessageClass(method.input_type)
        response_class = message_factory.GetMessageClass(method.output_type)
        request = request_class(document=args.document, citation=args.citation)
        call = channel.unary_stream(
            f"/{SERVICE}/{METHOD}",
            request_serializer=request_class.SerializeToString,
            response_deserializer=response_class.FromString,
        )
        try:
            for message in call(request, timeout=args.timeout):
                print(json_format.MessageToJson(message, indent=None, ensure_ascii=False))
                sys.stdout.flush()
        except grpc.RpcError as err:
            print(f"error: {err.code().name}: {err.details()}", file=sys.stderr)
            return EXIT_FAILED
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
