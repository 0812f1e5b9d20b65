// Package console reaches the catalog of a real Apps in Toss account — push templates,
// promotions, IAP products — through the official console gateway, an MCP server
// (design.md "The console backend"; reference §13). Toss publishes no catalog endpoints on the
// mTLS partner API, so this is the second road to the catalog; the runtime (login, pay, orders)
// stays on internal/client.
//
// # The road
//
//	resources ──client.Catalog──▶ *Catalog ──ToolCaller──▶ *Session ──▶ gateway
//	                               │  mapping.go: our values ⇄ tool arguments and answers
//	                               │  check.go:   the mapping held against the live tools/list
//	                               │  snapshot.go: per-type list snapshots for reads
//	                               └─ reconcile.go: creates whose answer was lost
//
// A resource holds a client.Catalog and does not know which road serves it. *Catalog implements
// it by calling tools through a ToolCaller; *Session (session.go) is the one on the MCP SDK — the
// mTLS client's pacing, per-call timeout and retries (reads and idempotent calls; a create only
// after a 429), lost answers told apart from refusals — and passes each result through
// DecodeCallResult. The session authenticates with a TokenSource over the
// credentials `appsintoss login` wrote (credentials.go, tokens.go); ResolveIdentity finds the
// mini-app (identity.go).
//
// At configure time the provider, in order: loads the credentials (ReadCredentialsFile or
// CredentialsFromEnv), builds a TokenSource and opens the session (OpenSession), lists the tools and runs CheckTools
// (nothing is sent to the account when it refuses), resolves the mini-app with ResolveIdentity,
// and makes the Catalog with NewCatalog.
//
// # What is known and what is inferred
//
// Known (documented, or observed by others): the gateway's URL, that it speaks MCP over
// Streamable HTTP with OAuth and the public client id mcp-gateway, the tool names, that every
// tool's description is empty, that no tool deletes a template, promotion or product, and that
// failures may be the JSON-RPC error -32000 "존재하지 않는 정보 입니다".
//
// Inferred: every argument and answer name, the answers' shapes, and the text of isError
// results. The inference is written down once, as data, in mapping.go (the console's own field
// names first, the catalog contract's second) and in api/console-tools.json (what the emulator
// serves). Because it is an inference it is never trusted blindly: CheckTools compares it with
// the live schemas before the first call, a configured value that the live schema cannot carry
// stops the call, and an answer with an unknown status value is an error — nothing is guessed
// on a real account.
//
// # Errors
//
// A refusal from the gateway is a *ToolError (NotFound, Code and Field mirror client.APIError);
// an object absent from a list is a *NotFoundError; a create whose answer was lost and that a
// fresh list cannot pin down is a *client.OutcomeUnknownError; credentials that no longer work
// are a *LoginRequiredError. No error, warning or fmt output carries a token.
package console
