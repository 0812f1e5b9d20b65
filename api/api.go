// Package api holds the project's wire contract: the OpenAPI 3.1 document that the provider's
// client and the emulator are both checked against, and golden JSON responses taken from the
// published Apps in Toss documentation.
//
// Neither side imports the other; they meet only at the wire, and this package is what keeps
// them honest. Tests validate traffic with the api/contract package.
package api

import "embed"

// Spec is api/openapi.yaml, verbatim.
//
//go:embed openapi.yaml
var Spec []byte

// SeedSchema is api/seed.schema.json, the JSON Schema of `appsintoss-emulator serve --seed`
// files: the emulator validates every seed file against it.
//
//go:embed seed.schema.json
var SeedSchema []byte

// Golden holds api/golden/*.json: one response body per documented sample or envelope shape.
// File names are <area>-<endpoint>-<case>.json; golden/README.md says where each comes from.
//
//go:embed golden/*.json
var Golden embed.FS

// ConsoleTools is api/console-tools.json, verbatim: the console gateway's tools (names, empty
// descriptions, input and output schemas) as the emulator serves them and as the provider's
// argument mapping expects them.
//
//go:embed console-tools.json
var ConsoleTools []byte

// ConsoleCredentialsSchema is api/console-credentials.schema.json, verbatim: the JSON Schema of
// the console credentials that `appsintoss login` writes and the emulator issues to its test user.
//
//go:embed console-credentials.schema.json
var ConsoleCredentialsSchema []byte

// GoldenWebhooks holds api/golden/webhooks/*.json: requests Apps in Toss sends to a partner's
// server (the webhooks of openapi.yaml), one per documented sample. They are kept apart from
// Golden, which holds responses only.
//
//go:embed golden/webhooks/*.json
var GoldenWebhooks embed.FS
