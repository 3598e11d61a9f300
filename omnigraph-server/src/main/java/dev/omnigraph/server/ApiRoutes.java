package dev.omnigraph.server;

import dev.omnigraph.api.BranchCreateOutput;
import dev.omnigraph.api.BranchCreateRequest;
import dev.omnigraph.api.BranchDeleteOutput;
import dev.omnigraph.api.BranchListOutput;
import dev.omnigraph.api.CommitListOutput;
import dev.omnigraph.api.CommitOutput;
import dev.omnigraph.api.GraphInfo;
import dev.omnigraph.api.GraphListResponse;
import dev.omnigraph.api.HealthOutput;
import dev.omnigraph.api.QueryRequest;
import dev.omnigraph.api.ReadOutput;
import dev.omnigraph.api.ReadRequest;
import dev.omnigraph.api.ReadTargetOutput;
import dev.omnigraph.api.RowValues;
import dev.omnigraph.api.SchemaOutput;
import dev.omnigraph.engine.InvalidInputException;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.exec.QueryExecutionException;
import dev.omnigraph.engine.exec.QueryResult;
import dev.omnigraph.engine.log.BranchName;
import dev.omnigraph.engine.log.CommitRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's routes and their handlers. Each handler runs policy before admission and admission
 * before work, like upstream; reads are never admission-gated. A new operation is one registration
 * in {@link #router()}.
 */
final class ApiRoutes {
  /** The operation id of {@code GET /openapi.json}, which the document does not list. */
  static final String OPENAPI_OPERATION = "openapi";

  private ApiRoutes() {}

  static Router router() {
    return Router.builder()
        .open("GET", "/healthz", "health", ApiRoutes::health)
        .open("GET", "/openapi.json", OPENAPI_OPERATION, ApiRoutes::openApi)
        .authenticated("GET", "/graphs", "listGraphs", ApiRoutes::listGraphs)
        .graph("GET", "/snapshot", "cluster_getSnapshot", ApiRoutes::snapshot)
        .graph("GET", "/schema", "cluster_getSchema", ApiRoutes::schema)
        .graph("GET", "/branches", "cluster_listBranches", ApiRoutes::listBranches)
        .graph("POST", "/branches", "cluster_createBranch", ApiRoutes::createBranch)
        .graph("DELETE", "/branches/{branch}", "cluster_deleteBranch", ApiRoutes::deleteBranch)
        .graph("GET", "/commits", "cluster_listCommits", ApiRoutes::listCommits)
        .graph("GET", "/commits/{commit_id}", "cluster_getCommit", ApiRoutes::getCommit)
        .graph("POST", "/query", "cluster_query", ApiRoutes::query)
        .graph("POST", "/read", "cluster_read", ApiRoutes::legacyRead)
        .graph("POST", "/mutate", "cluster_mutate", WriteRoutes::mutate)
        .graph(
            "POST",
            "/mutate/if-graph-commit",
            "cluster_mutate_if_graph_commit",
            WriteRoutes::mutateIfGraphCommit)
        .graph("POST", "/change", "cluster_change", WriteRoutes::legacyChange)
        .graph("POST", "/load", "cluster_load", WriteRoutes::load)
        .graph("POST", "/load/ndjson", "cluster_loadNdjson", WriteRoutes::loadNdjson)
        .graph("POST", "/ingest", "cluster_ingest", WriteRoutes::legacyIngest)
        .graph("POST", "/export", "cluster_export", ExportRoute::export)
        .graph("POST", "/schema/apply", "cluster_applySchema", WriteRoutes::applySchema)
        .build();
  }

  static Reply health(Call call) {
    return Reply.ok(
        new HealthOutput("ok", call.context().version(), CommitRecord.FORMAT_VERSION, null));
  }

  static Reply openApi(Call call) {
    return new Reply.Text(200, "application/json", call.context().openApiJson(), Map.of());
  }

  static Reply listGraphs(Call call) {
    call.authorize(PolicyRequest.of(PolicyAction.GRAPH_LIST));
    List<GraphInfo> graphs = new ArrayList<>();
    for (ServedGraph g : call.context().graphs().ready()) {
      graphs.add(new GraphInfo(g.id(), g.uri()));
    }
    return Reply.ok(new GraphListResponse(graphs));
  }

  static Reply snapshot(Call call) {
    String branch = call.branchQuery();
    call.authorize(PolicyRequest.onBranch(PolicyAction.READ, branch));
    ServedGraph graph = call.graph();
    return Reply.ok(WireViews.snapshot(graph.engine().snapshot(branch), graph.engine().location()));
  }

  static Reply schema(Call call) {
    call.authorize(PolicyRequest.of(PolicyAction.READ));
    return Reply.ok(
        new SchemaOutput(call.graph().engine().snapshot(BranchName.MAIN).schema().source()));
  }

  static Reply listBranches(Call call) {
    call.authorize(PolicyRequest.of(PolicyAction.READ));
    return Reply.ok(new BranchListOutput(call.graph().engine().branches()));
  }

  static Reply createBranch(Call call) {
    BranchCreateRequest body = call.jsonBody(BranchCreateRequest.class);
    if (body.name() == null) {
      throw HttpFailure.badRequest("invalid request body: missing field `name`");
    }
    String name = Call.branchName(body.name());
    String from = body.from() == null ? BranchName.MAIN : Call.branchName(body.from());
    call.authorize(
        new PolicyRequest(PolicyAction.BRANCH_CREATE, Optional.of(from), Optional.of(name)));
    try (Admission.Permit _ = call.admit(Admission.BRANCH_OPERATION_BYTES)) {
      call.graph().engine().createBranch(name, from);
    }
    return Reply.ok(
        new BranchCreateOutput(call.graph().uri(), from, name, call.actor().orElse(null)));
  }

  static Reply deleteBranch(Call call) {
    String name = Call.branchName(call.pathParam("branch"));
    call.authorize(
        new PolicyRequest(PolicyAction.BRANCH_DELETE, Optional.empty(), Optional.of(name)));
    try (Admission.Permit _ = call.admit(Admission.BRANCH_OPERATION_BYTES)) {
      call.graph().engine().deleteBranch(name);
    }
    return Reply.ok(new BranchDeleteOutput(call.graph().uri(), name, call.actor().orElse(null)));
  }

  static Reply listCommits(Call call) {
    String branch = call.branchQuery();
    call.authorize(PolicyRequest.onBranch(PolicyAction.READ, branch));
    List<CommitOutput> commits = new ArrayList<>();
    for (CommitRecord r : call.graph().engine().commits(branch, Integer.MAX_VALUE)) {
      commits.add(WireViews.commit(r));
    }
    return Reply.ok(new CommitListOutput(commits));
  }

  static Reply query(Call call) {
    QueryRequest body = call.jsonBody(QueryRequest.class);
    if (body.query() == null) {
      throw HttpFailure.badRequest("invalid request body: missing field `query`");
    }
    return Reply.ok(
        read(call, body.query(), body.name(), body.params(), body.branch(), body.snapshot(), true));
  }

  /** The deprecated {@code POST /read}: the same read, byte-stable body, successor headers. */
  static Reply legacyRead(Call call) {
    ReadRequest body = call.jsonBody(ReadRequest.class);
    if (body.querySource() == null) {
      throw HttpFailure.badRequest("invalid request body: missing field `query_source`");
    }
    ReadOutput out =
        read(
            call,
            body.querySource(),
            body.queryName(),
            body.params(),
            body.branch(),
            body.snapshot(),
            false);
    return new Reply.Json(200, out, WriteRoutes.deprecated("query"));
  }

  // A read of a branch's head or of a snapshot (a commit id). The policy sees the branch read: for
  // a snapshot, the branch the commit was made on.
  private static ReadOutput read(
      Call call,
      String source,
      String name,
      Map<String, Object> params,
      String branch,
      String snapshot,
      boolean withCommitId) {
    if (branch != null && snapshot != null) {
      throw HttpFailure.badRequest("request may specify branch or snapshot, not both");
    }
    Omnigraph graph = call.graph().engine();
    QueryResult result;
    ReadTargetOutput target;
    try {
      if (snapshot != null) {
        String id = snapshot.strip();
        if (id.isEmpty()) {
          throw HttpFailure.badRequest("snapshot cannot be empty");
        }
        CommitRecord commit = graph.commit(id);
        call.authorize(PolicyRequest.onBranch(PolicyAction.READ, commit.branch()));
        result = graph.queryAtCommit(id, source, name, params);
        target = ReadTargetOutput.ofSnapshot(id);
      } else {
        String b = branch == null ? BranchName.MAIN : Call.branchName(branch);
        call.authorize(PolicyRequest.onBranch(PolicyAction.READ, b));
        result = graph.query(b, source, name, params);
        target = ReadTargetOutput.ofBranch(b);
      }
    } catch (InvalidInputException e) {
      // The engine reports a mutation given to a read as bad input; name the route that runs it.
      if (e.getCause() instanceof QueryExecutionException q
          && q.reason() == QueryExecutionException.Reason.NOT_A_READ) {
        throw HttpFailure.badRequest(
            "query source contains mutations ("
                + e.getMessage()
                + "); use POST /mutate (or its deprecated alias POST /change) for write queries");
      }
      throw e;
    }
    List<String> columns = result.columns();
    List<Map<String, Object>> rows = new ArrayList<>(result.rowCount());
    for (List<Object> row : result.rows()) {
      rows.add(RowValues.row(columns, row));
    }
    return new ReadOutput(
        result.queryName(),
        target,
        result.rowCount(),
        columns,
        rows,
        withCommitId ? result.commitId() : null);
  }

  static Reply getCommit(Call call) {
    String id = call.pathParam("commit_id");
    call.authorize(PolicyRequest.of(PolicyAction.READ));
    return Reply.ok(WireViews.commit(call.graph().engine().commit(id)));
  }
}
