#!/usr/bin/env python3
"""A real grpcio client that uploads one document to paragraphd in chunks (client streaming).

It waits until the server is SERVING, builds UploadDocumentRequest, UploadHeader and
DocumentSummary from the server's reflection (no generated stubs), sends a header and then the
file's bytes in chunks of --chunk-size bytes, and prints the returned summary as one compact
JSON line on stdout and `chunks: N` on stderr.

Usage::

    python upload_document.py localhost:50051 report.pdf --media-type application/pdf --id my-report

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

METHOD = "UploadDocument"


def main(argv: list[str]) -> int:
    """Runs the client; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("address", help="server address, host:port (plaintext)")
    parser.add_argument("file", type=pathlib.Path, help="the document to send")
    parser.add_argument("--media-type", default="application/pdf", help="text/plain or application/pdf")
    parser.add_argument("--id", default="", help="document id (derived by the server if empty)")
    parser.add_argument("--chunk-size", type=int, default=1 << 20, help="bytes per chunk message")
    parser.add_argument("--timeout", type=float, default=30.0, help="call deadline in seconds")
    args = parser.parse_args(argv)
    if args.chunk_size < 1:
        parser.error("--chunk-size must be at least 1")
    content = args.file.read_bytes()
    with grpc.insecure_channel(args.address, options=[("grpc.enable_http_proxy", 0)]) as channel:
        if not wait_until_serving(channel, 30.0, 0.05):
            return EXIT_NOT_READY
        pool = descriptor_pool.DescriptorPool(ProtoReflectionDescriptorDatabase(channel))
        method = pool.FindServiceByName(SERVICE).methods_by_name[METHOD]
        request_class = message_factory.GetMessageClass(method.input_type)
        response_class = message_factory.GetMessageClass(method.output_type)
        header_class = message_factory.GetMessageClass(
            method.input_type.fields_by_name["header"].message_type
        )
        chunks = [
            content[i : i + args.chunk_size] for i in range(0, len(content), args.chunk_size)
        ]

        def requests():
            yield request_class(
                header=header_class(
                    media_type=args.media_type, id=args.id, source_name=args.file.name
                )
            )
            for chunk in chunks:
                yield request_class(chunk=chunk)

        call = channel.stream_unary(
            f"/{SERVICE}/{METHOD}",
            request_serializer=request_class.SerializeToString,
            response_deserializer=response_class.FromString,
        )
        try:
            summary = call(requests(), timeout=args.timeout)
        except grpc.RpcError as err:
            print(f"error: {err.code().name}: {err.details()}", file=sys.stderr)
            return EXIT_FAILED
        print(f"chunks: {len(chunks)}", file=sys.stderr)
        print(json_format.MessageToJson(summary, indent=None, ensure_ascii=False))
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
