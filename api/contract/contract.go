// Package contract checks HTTP traffic against api/openapi.yaml. It is test support: other
// packages' tests wrap their HTTP transport with (*Validator).Transport, or check a recorded
// response with (*Validator).ValidateResponseBody, and every departure from the contract
// becomes a test error naming the method, path, status and the violation.
//
// Routing ignores the host: the spec names the real Apps in Toss hosts, while tests talk to
// https://127.0.0.1:PORT. Security requirements are not checked (mTLS happens in the TLS
// handshake and cannot be seen in a request), except that an operation whose only security
// requirement includes the bearer scheme must carry `Authorization: Bearer <token>`.
//
// Response statuses the spec does not list for an operation are violations. Responses that
// are deliberately outside the contract — the emulator's `garbage` fault, a connection reset —
// should not be sent through a validating transport.
package contract

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
)

// Validator validates requests and responses against the parsed contract. It is safe for
// concurrent use.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	loadOnce sync.Once
	loaded   *Validator
	errLoad  error
)

// Load parses and validates api/openapi.yaml once per test binary and returns the shared
// Validator. A contract that does not parse or validate fails the calling test.
func Load(t testing.TB) *Validator {
	t.Helper()
	loadOnce.Do(func() { loaded, errLoad = New(api.Spec) })
	if errLoad != nil {
		t.Fatalf("contract: api/openapi.yaml: %v", errLoad)
	}
	return loaded
}

// New parses and validates an OpenAPI 3.1 document (normally api.Spec). Most callers want
// Load, which caches the result.
func New(spec []byte) (*Validator, error) {
	doc, err := parse(spec)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("invalid document: %w", err)
	}
	// The router gets its own copy without servers, so that it matches any host and scheme:
	// the document keeps the real hosts for readers and code generators.
	routing, err := parse(spec)
	if err != nil {
		return nil, err
	}
	routing.Servers = nil
	for _, item := range routing.Paths.Map() {
		item.Servers = nil
	}
	router, err := gorillamux.NewRouter(routing)
	if err != nil {
		return nil, fmt.Errorf("building router: %w", err)
	}
	return &Validator{doc: doc, router: router}, nil
}

func parse(spec []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("parsing: %w", err)
	}
	return doc, nil
}

// Doc returns the parsed contract (servers included). Callers must not modify it.
func (v *Validator) Doc() *openapi3.T { return v.doc }

// Transport returns an http.RoundTripper that sends each request through base (or
// http.DefaultTransport when base is nil) and checks both the request and its response
// against the contract, reporting each violation with t.Errorf. The caller sees the
// response unchanged.
func (v *Validator) Transport(t testing.TB, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{t: t, v: v, base: base}
}

type transport struct {
	t    testing.TB
	v    *Validator
	base http.RoundTripper
}

func (rt *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
	}
	out := req.Clone(req.Context())
	setBody(out, reqBody)

	route, params, findErr := rt.v.router.FindRoute(withBody(req, reqBody))
	if findErr != nil {
		rt.t.Errorf("contract: %s %s: %s", req.Method, req.URL.Path, describeFindError(findErr))
	} else if err := rt.v.checkRequest(withBody(req, reqBody), route, params); err != nil {
		rt.t.Errorf("contract: request %s %s violates api/openapi.yaml: %v", req.Method, req.URL.Path, err)
	}

	resp, err := rt.base.RoundTrip(out)
	if err != nil || findErr != nil {
		return resp, err
	}
	respBody, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if err := rt.v.checkResponse(withBody(req, reqBody), route, params, resp.StatusCode, resp.Header, respBody); err != nil {
		rt.t.Errorf("contract: response to %s %s with status %d violates api/openapi.yaml: %v\nbody: %s",
			req.Method, req.URL.Path, resp.StatusCode, err, abbreviate(respBody))
	}
	return resp, nil
}

// ValidateResponseBody checks one recorded response: the body and headers that the operation
// at method and path answered with status. A nil header means Content-Type application/json.
// Violations are reported with t.Errorf.
func (v *Validator) ValidateResponseBody(t testing.TB, method, path string, status int, header http.Header, body []byte) {
	t.Helper()
	if err := v.CheckResponse(method, path, status, header, body); err != nil {
		t.Errorf("contract: response to %s %s with status %d violates api/openapi.yaml: %v\nbody: %s",
			method, path, status, err, abbreviate(body))
	}
}

// CheckResponse is ValidateResponseBody returning the violation instead of reporting it (for
// tests that expect a response to be rejected).
func (v *Validator) CheckResponse(method, path string, status int, header http.Header, body []byte) error {
	req, err := http.NewRequest(method, "https://contract.invalid"+path, nil)
	if err != nil {
		return err
	}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		return errors.New(describeFindError(err))
	}
	if header == nil {
		header = http.Header{"Content-Type": []string{"application/json"}}
	}
	return v.checkResponse(req, route, params, status, header, body)
}

// CheckRequest validates a request (path, parameters, headers, body) against the contract
// and returns the violation, if any. The request's body is read and replaced, so req can
// still be sent afterwards.
func (v *Validator) CheckRequest(req *http.Request) error {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return err
		}
		body = b
	}
	setBody(req, body)
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		return errors.New(describeFindError(err))
	}
	return v.checkRequest(withBody(req, body), route, params)
}

func (v *Validator) options() *openapi3filter.Options {
	return &openapi3filter.Options{
		AuthenticationFunc:    authenticate,
		IncludeResponseStatus: true,
		SkipSettingDefaults:   true,
	}
}

func (v *Validator) checkRequest(req *http.Request, route *routers.Route, params map[string]string) error {
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      route,
		Options:    v.options(),
	}
	if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
		return err
	}
	return checkUserIdentification(route.Operation, req.Header)
}

func (v *Validator) checkResponse(req *http.Request, route *routers.Route, params map[string]string, status int, header http.Header, body []byte) error {
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: params,
			Route:      route,
			Options:    v.options(),
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: v.options(),
	}
	return openapi3filter.ValidateResponse(req.Context(), in)
}

// CheckWebhook validates a request Apps in Toss (or the emulator) sends to a partner's server —
// query, headers, body — against the webhook named name in api/openapi.yaml's `webhooks`
// (unlinkCallback, subscriptionStatusChanged, callbackRegistrationVerification). The request's
// body is read and replaced. An Authorization header, when present, must be Basic with a
// Base64 value.
func (v *Validator) CheckWebhook(name string, req *http.Request) error {
	item := v.doc.Webhooks[name]
	if item == nil {
		return fmt.Errorf("webhook %q is not in api/openapi.yaml", name)
	}
	op := item.GetOperation(req.Method)
	if op == nil {
		return fmt.Errorf("webhook %q has no %s operation in api/openapi.yaml", name, req.Method)
	}
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return err
		}
		body = b
	}
	setBody(req, body)
	if err := checkBasicAuthorization(req.Header.Get("Authorization")); err != nil {
		return err
	}
	route := &routers.Route{Spec: v.doc, Path: name, PathItem: item, Method: req.Method, Operation: op}
	in := &openapi3filter.RequestValidationInput{Request: withBody(req, body), Route: route, Options: v.options()}
	return openapi3filter.ValidateRequest(req.Context(), in)
}

// WebhookHandler validates each request it receives against the webhook named name (see
// CheckWebhook), reporting violations with t.Errorf, then passes it to next: a partner's endpoint
// in a test, held to the contract.
func (v *Validator) WebhookHandler(t testing.TB, name string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := v.CheckWebhook(name, r); err != nil {
			t.Errorf("contract: webhook %s (%s) violates api/openapi.yaml: %v", name, r.Method, err)
		}
		next.ServeHTTP(w, r)
	})
}

func checkBasicAuthorization(header string) error {
	if header == "" {
		return nil
	}
	kind, value, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(kind, "Basic") {
		return errors.New("a webhook's Authorization header must be Basic base64(value)")
	}
	if _, err := base64.StdEncoding.DecodeString(strings.TrimSpace(value)); err != nil {
		return errors.New("a webhook's Authorization header must be Basic base64(value): the value is not Base64")
	}
	return nil
}

// authenticate accepts mutual TLS (checked by the handshake, not visible here) and checks
// that a bearer scheme is satisfied by an `Authorization: Bearer <token>` header.
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	scheme := in.SecurityScheme
	if scheme == nil || scheme.Type != "http" || !strings.EqualFold(scheme.Scheme, "bearer") {
		return nil
	}
	got := in.RequestValidationInput.Request.Header.Get("Authorization")
	kind, token, ok := strings.Cut(got, " ")
	if !ok || !strings.EqualFold(kind, "Bearer") || strings.TrimSpace(token) == "" {
		return fmt.Errorf("%s needs header Authorization: Bearer <accessToken>", in.SecuritySchemeName)
	}
	return nil
}

// checkUserIdentification enforces the operation extension x-user-identification:
// {headers: [...], required: bool} — at most one of the headers, exactly one when required.
func checkUserIdentification(op *openapi3.Operation, header http.Header) error {
	if op == nil {
		return nil
	}
	raw, ok := op.Extensions["x-user-identification"].(map[string]any)
	if !ok {
		return nil
	}
	names, _ := raw["headers"].([]any)
	required, _ := raw["required"].(bool)
	var present []string
	var all []string
	for _, n := range names {
		name, _ := n.(string)
		all = append(all, name)
		if header.Get(name) != "" {
			present = append(present, name)
		}
	}
	switch {
	case len(present) > 1:
		return fmt.Errorf("send only one of the headers %s (got %s)", strings.Join(all, ", "), strings.Join(present, " and "))
	case len(present) == 0 && required:
		return fmt.Errorf("one of the headers %s is required", strings.Join(all, ", "))
	}
	return nil
}

func describeFindError(err error) string {
	switch {
	case errors.Is(err, routers.ErrPathNotFound):
		return "path is not in api/openapi.yaml"
	case errors.Is(err, routers.ErrMethodNotAllowed):
		return "method is not in api/openapi.yaml for this path"
	default:
		return err.Error()
	}
}

func withBody(req *http.Request, body []byte) *http.Request {
	c := req.Clone(req.Context())
	setBody(c, body)
	return c
}

func setBody(req *http.Request, body []byte) {
	if body == nil {
		req.Body = http.NoBody
		req.GetBody = func() (io.ReadCloser, error) { return http.NoBody, nil }
		return
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
}

func abbreviate(b []byte) string {
	const limit = 2000
	if len(b) <= limit {
		return string(b)
	}
	return string(b[:limit]) + "…"
}
