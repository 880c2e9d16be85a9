# Kehu (客户) CRM server image.
#
#   docker build -t kehu .
#   docker run --rm -p 8080:8080 -v kehu-data:/data kehu
#
# The base images are build arguments so that local or mirrored images can stand in:
#   docker build --build-arg BUILD_IMAGE=my-swift:6.3 --build-arg RUNTIME_IMAGE=my-debian:12 .
ARG BUILD_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- build --------------------------------------------------------------------------------
FROM ${BUILD_IMAGE} AS build

# libsqlite3-dev for the CSQLite system library target (found through pkg-config).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# The manifest (and Package.resolved when there is one). The manifest declares the test
# targets too, and SwiftPM checks that their folders exist even when building only the
# executable, so Tests/ is copied (its code is not compiled).
COPY Package.* ./
COPY Sources ./Sources
COPY Tests ./Tests

# --static-swift-stdlib: the Swift runtime and Foundation are linked in, so the runtime
# image needs only libc, libstdc++ and libsqlite3. The binary keeps its symbols so crash
# backtraces stay readable.
# The build folder is a cache mount (BuildKit, and podman/buildah): the checked-out
# dependencies and their compiled objects outlive the layer, so a rebuild after a change
# to Sources/ fetches nothing and recompiles only the changed modules, and the layer holds
# just /out/kehu. Without a cache (a fresh builder) this is an ordinary full build.
RUN --mount=type=cache,target=/src/.build,sharing=locked \
    swift build -c release --static-swift-stdlib --product kehu \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/kehu" /out/kehu

# ---- runtime ------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}

# libsqlite3-0: the database engine; libcurl4: FoundationNetworking, which sends webhooks;
# ca-certificates: HTTPS webhook targets; curl: the HEALTHCHECK below.
# Versions are not pinned: the base image's Debian release fixes them, and its security
# updates should come in with every rebuild.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 libcurl4 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 kehu \
    && useradd --system --uid 10001 --gid kehu --home-dir /data --no-create-home --shell /usr/sbin/nologin kehu \
    && mkdir -p /data \
    && chown kehu:kehu /data

COPY --from=build /out/kehu /usr/local/bin/kehu
# kehu looks for the spec at /usr/share/kehu/openapi.yaml (served at /openapi.yaml and /docs).
COPY openapi.yaml /usr/share/kehu/openapi.yaml
# The web console, served at /; kehu looks for it in /usr/share/kehu/console.
COPY console /usr/share/kehu/console

ENV KEHU_HOST=0.0.0.0 \
    KEHU_PORT=8080 \
    KEHU_DB=/data/kehu.sqlite

# The user kehu, by number: an orchestrator can then check it is not root (runAsNonRoot)
# without reading the image's /etc/passwd.
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080

# Exec form, no shell. It checks port 8080: a container run with another KEHU_PORT
# needs `docker run --health-cmd ...` (or --no-healthcheck) as well.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/health"]

# Exec form: kehu is PID 1 and gets SIGTERM itself (it drains and exits 0).
ENTRYPOINT ["/usr/local/bin/kehu"]
CMD ["serve"]
