package client

import (
	"fmt"
	"testing"
)

// refusal is a Refusal as another road to the catalog (the console gateway) reports it.
type refusal struct {
	notFound bool
	code     string
	field    string
}

func (r *refusal) Error() string  { return "refused: " + r.code }
func (r *refusal) NotFound() bool { return r.notFound }
func (r *refusal) Code() string   { return r.code }
func (r *refusal) Field() string  { return r.field }

func TestRefusalsOfAnyRoadAnswerIsNotFoundAndHasCode(t *testing.T) {
	wrapped := func(err error) error { return fmt.Errorf("reading promotion: %w", err) }
	for _, tc := range []struct {
		name     string
		err      error
		notFound bool
		code     string
	}{
		{"envelope NOT_FOUND", &APIError{ErrorCode: CodeNotFound, HTTPStatus: 404}, true, CodeNotFound},
		{"bare HTTP 404", &APIError{HTTPStatus: 404}, true, ""},
		{"envelope CONFLICT", &APIError{ErrorCode: CodeConflict, HTTPStatus: 409}, false, CodeConflict},
		{"gateway not found", wrapped(&refusal{notFound: true, code: CodeNotFound}), true, CodeNotFound},
		{"gateway -32000 without a code", &refusal{notFound: true}, true, ""},
		{"gateway refusal", wrapped(&refusal{code: CodeInvalidParameter, field: "netPrice"}), false, CodeInvalidParameter},
		{"anything else", fmt.Errorf("boom"), false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsNotFound(tc.err); got != tc.notFound {
				t.Errorf("IsNotFound = %v, want %v", got, tc.notFound)
			}
			if tc.code != "" && !HasCode(tc.err, tc.code) {
				t.Errorf("HasCode(%q) = false", tc.code)
			}
			if HasCode(tc.err, "SOMETHING_ELSE") {
				t.Error("HasCode matched a code the error does not carry")
			}
		})
	}
}
