package dev.omnigraph.server;

import dev.omnigraph.api.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A real server on 127.0.0.1 (port 0) and a JDK {@link HttpClient} to call it, for tests. */
final class ServerHarness implements AutoCloseable {
  final OmnigraphServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ServerHarness(ServerSettings settings, Map<String, String> env) {
    this.server = OmnigraphServer.start(settings, env);
  }

  /** An HTTP answer: status, headers, and the body as text (and as JSON). */
  record Answer(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      return WireJson.mapper().readTree(body);
    }

    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://" + server.listenAddress() + pathAndQuery);
  }

  HttpRequest.Builder request(String pathAndQuery, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  Answer get(String path, String token) {
    return send(request(path, token).GET());
  }

  Answer get(String path) {
    return get(path, null);
  }

  Answer post(String path, String token, String json) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Answer delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  Answer send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
