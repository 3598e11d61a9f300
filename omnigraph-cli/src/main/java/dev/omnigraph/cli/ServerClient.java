package dev.omnigraph.cli;

import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.api.ErrorOutput;
import dev.omnigraph.api.JsonNumber;
import dev.omnigraph.api.WireJson;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;

/**
 * Requests to one Omnigraph server over the JDK HTTP client: JSON bodies in and out as the wire
 * records, the bearer token on every request, and every error answer turned into a {@link
 * ServerException} carrying the server's envelope (or one describing a non-envelope answer).
 */
final class ServerClient implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

  private final String base;
  private final Optional<String> token;
  private final HttpClient http;

  /**
   * A client for the routes under {@code base} (a graph's URL, or a server's for its own routes).
   */
  ServerClient(String base, Optional<String> token) {
    this.base = base;
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The URL requests go under. */
  String base() {
    return base;
  }

  /** {@code GET base+path}, its JSON body read as {@code type}. */
  <T> T get(String path, Class<T> type) {
    return read(send(request(path).GET()), type);
  }

  /** {@code POST base+path} with {@code body} as JSON, the answer read as {@code type}. */
  <T> T post(String path, Object body, Class<T> type) {
    return read(send(json(path, body)), type);
  }

  /**
   * {@code POST base+path} with {@code body} as JSON, the answer read as plain JSON values: objects
   * as ordered maps, numbers with a fraction or exponent as {@link JsonNumber} spelled exactly as
   * the server wrote them, so a read's rows print as they would locally.
   */
  Map<String, Object> postForValues(String path, Object body) {
    String text = send(json(path, body));
    try (JsonParser p = WireJson.mapper().createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw unexpected(text);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> out = (Map<String, Object>) value(p);
      return out;
    } catch (JacksonException e) {
      throw unexpected(text);
    }
  }

  /**
   * {@code POST base+path} with {@code body} as JSON and extra {@code headers}, the answer read as
   * {@code type}.
   */
  <T> T post(String path, Object body, Map<String, String> headers, Class<T> type) {
    HttpRequest.Builder b = json(path, body);
    headers.forEach(b::header);
    return read(send(b), type);
  }

  /** {@code POST base+path} with the bytes of {@code file} as {@code contentType}. */
  <T> T postFile(String path, Path file, String contentType, Class<T> type) {
    HttpRequest.BodyPublisher publisher;
    try {
      publisher = HttpRequest.BodyPublishers.ofFile(file);
    } catch (FileNotFoundException e) {
      throw new CliException("cannot read --data file " + file + ": no such file", e);
    }
    return read(send(request(path).header("Content-Type", contentType).POST(publisher)), type);
  }

  /**
   * {@code POST base+path} with {@code body} as JSON; the answer's bytes are copied to {@code sink}
   * as they arrive (a streamed export), after its status said it succeeded.
   */
  void postStreaming(String path, Object body, Writer sink) throws IOException {
    try (Reader in =
        new InputStreamReader(exchange(json(path, body)).body(), StandardCharsets.UTF_8)) {
      in.transferTo(sink);
    }
  }

  /** {@code DELETE base+path}, the answer read as {@code type}. */
  <T> T delete(String path, Class<T> type) {
    return read(send(request(path).DELETE()), type);
  }

  private HttpRequest.Builder json(String path, Object body) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(WireJson.compact(body)));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  private String send(HttpRequest.Builder builder) {
    try (InputStream in = exchange(builder).body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  // A successful answer with its body still to read; an error answer is read and thrown.
  private HttpResponse<InputStream> exchange(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("connecting timed out");
    } catch (HttpTimeoutException e) {
      throw new CliException(
          "the server at " + base + " did not answer " + request.method() + " in time");
    } catch (ConnectException e) {
      throw unreachable("connection refused");
    } catch (IOException e) {
      throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for the server at " + base, e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response;
    }
    String text;
    try (InputStream in = response.body()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    throw new ServerException(status, envelope(status, text));
  }

  private CliException unreachable(String why) {
    return new CliException(
        "cannot reach the server at "
            + base
            + " ("
            + why
            + "); check the --server URL and that the server is running");
  }

  // The server's envelope; an answer without one (a proxy's page, say) is described instead.
  private static ErrorOutput envelope(int status, String answer) {
    try {
      JsonNode body = WireJson.mapper().readTree(answer);
      JsonNode error = body == null ? null : body.get("error");
      if (error != null && error.isString()) {
        return WireJson.mapper()
            .readerFor(ErrorOutput.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readValue(answer);
      }
    } catch (JacksonException e) {
      // not JSON: described below
    }
    String text = answer.strip();
    if (text.length() > 200) {
      text = text.substring(0, 200) + "…";
    }
    return new ErrorOutput(
        "the server answered HTTP "
            + status
            + " without an error envelope"
            + (text.isEmpty() ? "" : ": " + text),
        ErrorCode.forStatus(status));
  }

  private <T> T read(String text, Class<T> type) {
    try {
      return WireJson.mapper()
          .readerFor(type)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(text);
    } catch (JacksonException e) {
      throw unexpected(text);
    }
  }

  private CliException unexpected(String text) {
    String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
    return new CliException(
        "the server at "
            + base
            + " answered with a body this CLI cannot read (is it an Omnigraph server of a"
            + " compatible version?): "
            + shown.strip().lines().findFirst().orElse(""));
  }

  // The value at the parser's current token.
  private static Object value(JsonParser p) {
    JsonToken t = p.currentToken();
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          p.nextToken();
          map.put(name, value(p));
        }
        yield map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(p));
        }
        yield list;
      }
      case VALUE_STRING -> p.getString();
      case VALUE_NUMBER_INT -> p.getNumberValue();
      case VALUE_NUMBER_FLOAT -> new JsonNumber(p.getString());
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      default -> throw new IllegalStateException("unexpected JSON token " + t);
    };
  }

  @Override
  public void close() {
    http.close();
  }
}
