#!/usr/bin/env python3
"""A real grpcio client that ingests one document into paragraphd, with no generated stubs.

It waits until the server is SERVING, builds IngestDocumentRequest and DocumentSummary from the
server's reflection, sends the file's bytes with the given media type, and prints the returned
summary as one compact JSON line.

Usage::

    python ingest_document.py localhost:50051 report.txt --media-type text/plain --id my-report
    python ingest_document.py localhost:50051 rapport.pdf --media-type application/pdf --language fr

Exit codes as in select_paragraphs.py: 0 success, 1 RPC failure, 3 not SERVING in time.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import grpc
from google.protobuf import descriptor_pool, json_format, message_factory
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from select_paragraphs import EXIT_FAILED, EXIT_NOT_READY, EXIT_OK, SERVICE, wait_until_serving

METHOD = "IngestDocument"


def main(argv: list[str]) -> int:
    """Runs the client; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("address", help="server address, host:port (plaintext)")
    parser.add_argument("file", type=pathlib.Path, help="the document to send")
    parser.add_argument("--media-type", default="text/plain", help="text/plain or application/pdf")
    parser.add_argument("--id", default="", help="document id (derived by the server if empty)")
    parser.add_argument("--language", default="", help="language of the text, e.g. fr (optional)")
    parser.add_argument("--timeout", type=float, default=30.0, help="call deadline in seconds")
    args = parser.parse_args(argv)
    with grpc.insecure_channel(args.address, options=[("grpc.enable_http_proxy", 0)]) as channel:
        if not wait_until_serving(channel, 30.0, 0.05):
            return EXIT_NOT_READY
        pool = descriptor_pool.DescriptorPool(ProtoReflectionDescriptorDatabase(channel))
        method = pool.FindServiceByName(SERVICE).methods_by_name[METHOD]
        request_class = message_factory.GetMessageClass(method.input_type)
        response_class = message_factory.GetMessageClass(method.output_type)
        request = request_class(
            content=args.file.read_bytes(),
            media_type=args.media_type,
            id=args.id,
            language=args.language,
            source_name=args.file.name,
        )
        call = channel.unary_unary(
            f"/{SERVICE}/{METHOD}",
            request_serializer=request_class.SerializeToString,
            response_deserializer=response_class.FromString,
        )
        try:
            summary = call(request, timeout=args.timeout)
        except grpc.RpcError as err:
            print(f"error: {err.code().name}: {err.details()}", file=sys.stderr)
            return EXIT_FAILED
        print(json_format.MessageToJson(summary, indent=None, ensure_ascii=False))
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
