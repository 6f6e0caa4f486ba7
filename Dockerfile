# syntax=docker/dockerfile:1
#
# One image recipe for the five services, the identity service among them:
#   docker build --build-arg SERVICE=order-service --build-arg SERVICE_PORT=8081 --build-arg MANAGEMENT_PORT=9081 \
#     -t food-ordering/order-service .
#   docker build --build-arg SERVICE=identity-service --build-arg SERVICE_PORT=9000 --build-arg MANAGEMENT_PORT=9001 \
#     -t food-ordering/identity-service .
# docker-compose.yml passes the three arguments for each service; the two ports are the service's server.port
# (the API) and management.server.port (the actuator).

# --- build: compiles the five services with the Maven Wrapper; no Maven or JDK needed on the host ---
FROM eclipse-temurin:25-jdk AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY common-events common-events
COPY messaging-support messaging-support
COPY service-support service-support
COPY local-infrastructure local-infrastructure
COPY test-infrastructure test-infrastructure
COPY order-service order-service
COPY inventory-service inventory-service
COPY notification-service notification-service
COPY analytics-service analytics-service
COPY identity-service identity-service
COPY bench bench
COPY deployment-checks deployment-checks
COPY system-tests system-tests
# One build for all five images (the step has no SERVICE in it, so BuildKit builds it once);
# the cache mount keeps downloaded dependencies between builds, one build at a time (sharing=locked:
# compose may build the five images at once, and Maven's local repository is not safe for concurrent writers).
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -ntp -pl order-service,inventory-service,notification-service,analytics-service,identity-service -am package -DskipTests

# --- layers: splits the executable jar so that a code change leaves the dependency layers cached ---
FROM eclipse-temurin:25-jdk AS layers
ARG SERVICE
WORKDIR /layers
COPY --from=build /workspace/${SERVICE}/target/${SERVICE}.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# --- runtime: a JRE, the layers from the most to the least stable, a user without privileges ---
FROM eclipse-temurin:25-jre
ARG SERVICE
ARG SERVICE_PORT
ARG MANAGEMENT_PORT
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app \
    # Where a service may keep local state (the analytics' Kafka Streams stores); a volume mounted here
    # starts with this owner.
    && mkdir -p /var/lib/food-ordering && chown app:app /var/lib/food-ordering
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
# Numeric, so that Kubernetes can verify runAsNonRoot without a user database.
USER 10001:10001
ENV SERVER_PORT=${SERVICE_PORT}
# The actuator (health, probes, metrics) listens on a port of its own; the API's port does not serve it.
ENV MANAGEMENT_SERVER_PORT=${MANAGEMENT_PORT}
EXPOSE ${SERVICE_PORT} ${MANAGEMENT_PORT}
# The image has no curl; bash's /dev/tcp asks the readiness group on the management port, as Kubernetes does.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q '^HTTP/1.[01] 200'"]
# The heap follows the container's memory limit; an OutOfMemoryError ends the process so that
# the orchestrator restarts it instead of leaving it half alive.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "application.jar"]
