# syntax=docker/dockerfile:1
# Hearth's container image: a Maven build stage, then a Java 17 JRE with the shaded jar, running as
# a non-root user with the same JVM options as the ./hearth launcher.
#   docker build --build-arg HEARTH_REVISION=$(git rev-parse --short HEAD) -t hearth:0.1.0 .
#   docker run --rm -p 9090:9090 -v hearth-data:/var/lib/hearth hearth:0.1.0
# Kubernetes manifests: k8s/ (docs/EKS.md). The tests in k8s/ check this file against the launcher.

ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
# The context is an allow-list (.dockerignore): every module's pom (the reactor reads them all) and
# main sources, and the entrypoint script.
COPY . .
ARG HEARTH_REVISION=unknown
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dhearth.revision=${HEARTH_REVISION} -pl node -am package

FROM ${RUNTIME_IMAGE}
RUN groupadd --system --gid 10001 hearth \
 && useradd --system --uid 10001 --gid hearth --home-dir /var/lib/hearth --no-create-home --shell /usr/sbin/nologin hearth \
 && mkdir -p /opt/hearth/bin /var/lib/hearth \
 && chown hearth:hearth /var/lib/hearth
COPY --from=build /src/node/target/hearth.jar /opt/hearth/hearth.jar
# The options Ignite needs on Java 17 (--add-opens, Ignite's system properties): the java @argument file
# the build writes from the root pom's ignite.jvm.opens; the entrypoint passes it as the launcher does.
COPY --from=build /src/node/target/hearth-jvm.options /opt/hearth/hearth-jvm.options
COPY k8s/docker/hearth-entrypoint.sh /opt/hearth/bin/hearth
RUN chmod 0755 /opt/hearth/bin/hearth && chmod 0644 /opt/hearth/hearth.jar /opt/hearth/hearth-jvm.options
# The launcher's JVM options, in its order (heap: -Xmx from --memory.heap, added by the entrypoint).
# Extra options go in HEARTH_JAVA_OPTS, as for the launcher.
ENV HEARTH_JAR=/opt/hearth/hearth.jar \
    HEARTH_JVM_OPTS="-XX:+UseParallelGC -XX:GCTimeRatio=4 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+ExitOnOutOfMemoryError -DIGNITE_QUIET=false" \
    HEARTH_JAVA_OPTS="" \
    PATH=/opt/hearth/bin:$PATH
# Numeric, so that Kubernetes' runAsNonRoot can verify it (k8s/base/statefulset.yaml runs as 10001 too).
USER 10001:10001
WORKDIR /var/lib/hearth
# 9090 HTTP API and remote write; 47500 Ignite discovery; 47501 Ignite communication (discovery + 1).
EXPOSE 9090 47500 47501
HEALTHCHECK --interval=30s --timeout=10s --start-period=2m --retries=3 CMD ["/opt/hearth/bin/hearth", "healthcheck"]
ENTRYPOINT ["/opt/hearth/bin/hearth"]
CMD ["run", "--web.listen-address=0.0.0.0:9090", "--storage.tsdb.path=/var/lib/hearth/data"]
