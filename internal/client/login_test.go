package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api/contract"
)

// runtimeServer answers partner calls from canned responses (usually the golden files of
// api/golden) and records what it received. Every exchange is also checked against
// api/openapi.yaml by the client's transport.
type runtimeServer struct {
	mu       sync.Mutex
	received []runtimeRequest
	answer   func(n int, r *http.Request) (status int, body string)
}

type runtimeRequest struct {
	Host   string // "api" or "pay": which server got it
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

func (s *runtimeServer) handler(host string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.received = append(s.received, runtimeRequest{Host: host, Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
		n := len(s.received)
		s.mu.Unlock()
		status, out := s.answer(n, r)
		writeJSON(w, status, out)
	})
}

func (s *runtimeServer) requests() []runtimeRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]runtimeRequest(nil), s.received...)
}

// newRuntimeClient starts two mTLS servers — the partner host and the pay host — sharing one
// runtimeServer, and returns a client pointed at them. cfg may set the login decryption key.
func newRuntimeClient(t *testing.T, cfg Config, answer func(n int, r *http.Request) (int, string)) (*Client, *runtimeServer) {
	t.Helper()
	c, s := newUncheckedRuntimeClient(t, cfg, answer)
	c.http.Transport = contract.Load(t).Transport(t, c.http.Transport)
	return c, s
}

// newUncheckedRuntimeClient is newRuntimeClient without contract validation, for answers that
// deliberately break the contract.
func newUncheckedRuntimeClient(t *testing.T, cfg Config, answer func(n int, r *http.Request) (int, string)) (*Client, *runtimeServer) {
	t.Helper()
	p := newTestPKI(t)
	s := &runtimeServer{answer: answer}
	apiSrv := p.mtlsServer(s.handler("api"))
	paySrv := p.mtlsServer(s.handler("pay"))
	cfg.Endpoint, cfg.PayEndpoint = apiSrv.URL, paySrv.URL
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = 2
	}
	return p.newTestClient(apiSrv, cfg), s
}

// golden reads api/golden/<name>.json.
func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := api.Golden.ReadFile("golden/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func answerWith(status int, body string) func(int, *http.Request) (int, string) {
	return func(int, *http.Request) (int, string) { return status, body }
}

func goldenKeyConfig() Config {
	return Config{LoginDecryptionKey: goldenLoginKey, LoginDecryptionAAD: goldenLoginAAD}
}

func TestLoginMeWithoutAKeyKeepsNoPersonalData(t *testing.T) {
	t.Parallel()
	c, s := newRuntimeClient(t, Config{}, answerWith(200, golden(t, "login-login-me-success")))
	u, err := c.LoginMe(context.Background(), "access-token-1")
	if err != nil {
		t.Fatal(err)
	}
	if u.UserKey != 443731103 {
		t.Errorf("UserKey = %d", u.UserKey)
	}
	wantScope := []string{"user_ci", "user_birthday", "user_nationality", "user_name", "user_phone", "user_gender", "user_key"}
	if !reflect.DeepEqual(u.Scope, wantScope) {
		t.Errorf("Scope = %q, want %q", u.Scope, wantScope)
	}
	if !reflect.DeepEqual(u.AgreedTerms, []string{"terms_tag1", "terms_tag2"}) {
		t.Errorf("AgreedTerms = %q", u.AgreedTerms)
	}
	if u.Personal != nil {
		t.Errorf("Personal = %+v, want nil without a decryption key", u.Personal)
	}
	reqs := s.requests()
	if len(reqs) != 1 || reqs[0].Method != http.MethodGet || reqs[0].Host != "api" ||
		reqs[0].Path != "/api-partner/v1/apps-in-toss/user/oauth2/login-me" || len(reqs[0].Body) != 0 {
		t.Fatalf("requests = %+v", reqs)
	}
	if got := reqs[0].Header.Get("Authorization"); got != "Bearer access-token-1" {
		t.Errorf("Authorization = %q", got)
	}
}

func TestLoginMeWithTheKeyDecryptsEveryPersonalField(t *testing.T) {
	t.Parallel()
	c, _ := newRuntimeClient(t, goldenKeyConfig(), answerWith(200, golden(t, "login-login-me-success")))
	u, err := c.LoginMe(context.Background(), "tok")
	if err != nil {
		t.Fatal(err)
	}
	p := u.Personal
	if p == nil {
		t.Fatal("Personal is nil with a key configured")
	}
	for name, got := range map[string]*string{"name": p.Name, "phone": p.Phone, "birthday": p.Birthday,
		"gender": p.Gender, "nationality": p.Nationality, "email": p.Email} {
		want := map[string]string{"name": "홍길동", "phone": "01012345678", "birthday": "19900101",
			"gender": "MALE", "nationality": "LOCAL", "email": "gildong@example.com"}[name]
		if got == nil || *got != want {
			t.Errorf("%s = %v, want %q", name, got, want)
		}
	}
	if p.CI == nil || *p.CI == "" {
		t.Errorf("ci was not decrypted")
	}
	if p.CallingCode != nil {
		t.Errorf("callingCode = %q, want nil (absent)", *p.CallingCode)
	}
}

func TestLoginMeNullEmailAndExtraFields(t *testing.T) {
	t.Parallel()
	t.Run("email null", func(t *testing.T) {
		c, _ := newRuntimeClient(t, goldenKeyConfig(), answerWith(200, golden(t, "login-login-me-success-no-email")))
		u, err := c.LoginMe(context.Background(), "tok")
		if err != nil {
			t.Fatal(err)
		}
		if u.Personal.Email != nil {
			t.Errorf("Email = %q, want nil", *u.Personal.Email)
		}
		if u.Personal.Name == nil || *u.Personal.Name != "홍길동" {
			t.Errorf("Name = %v", u.Personal.Name)
		}
	})
	t.Run("plain callingCode and older fields", func(t *testing.T) {
		c, _ := newRuntimeClient(t, goldenKeyConfig(), answerWith(200, golden(t, "login-login-me-success-extra-fields")))
		u, err := c.LoginMe(context.Background(), "tok")
		if err != nil {
			t.Fatal(err)
		}
		if u.Personal.CallingCode == nil || *u.Personal.CallingCode != "82" {
			t.Errorf("CallingCode = %v, want 82", u.Personal.CallingCode)
		}
	})
	t.Run("encrypted callingCode", func(t *testing.T) {
		body := `{"resultType":"SUCCESS","success":{"userKey":7,"scope":"user_phone","agreedTerms":[],"callingCode":"` +
			sealForTest(t, goldenLoginKey, goldenLoginAAD, "82") + `"}}`
		c, _ := newRuntimeClient(t, goldenKeyConfig(), answerWith(200, body))
		u, err := c.LoginMe(context.Background(), "tok")
		if err != nil {
			t.Fatal(err)
		}
		if u.Personal.CallingCode == nil || *u.Personal.CallingCode != "82" {
			t.Errorf("CallingCode = %v, want 82", u.Personal.CallingCode)
		}
		if !reflect.DeepEqual(u.AgreedTerms, []string{}) || !reflect.DeepEqual(u.Scope, []string{"user_phone"}) {
			t.Errorf("AgreedTerms %q Scope %q", u.AgreedTerms, u.Scope)
		}
	})
}

func TestLoginMeWithAWrongKeyIsAClearErrorNamingTheField(t *testing.T) {
	t.Parallel()
	cfg := Config{LoginDecryptionKey: bytes.Repeat([]byte{9}, 32), LoginDecryptionAAD: goldenLoginAAD}
	c, _ := newRuntimeClient(t, cfg, answerWith(200, golden(t, "login-login-me-success")))
	_, err := c.LoginMe(context.Background(), "tok")
	var de *LoginDecryptionError
	if !errors.As(err, &de) || !de.WrongKey || de.Field == "" {
		t.Fatalf("got %v, want a wrong-key *LoginDecryptionError naming the field", err)
	}
	if strings.Contains(err.Error(), "oKGio6Sl") {
		t.Errorf("error quotes the ciphertext: %v", err)
	}
}

func TestLoginErrorsKeepTheirCode(t *testing.T) {
	t.Parallel()
	cases := []struct {
		golden string
		status int
		call   func(c *Client) error
		code   string
	}{
		{"login-login-me-invalid-grant", 401, func(c *Client) error { _, err := c.LoginMe(context.Background(), "expired"); return err }, CodeInvalidGrant},
		{"login-login-me-invalid-grant", 200, func(c *Client) error { _, err := c.LoginMe(context.Background(), "expired"); return err }, CodeInvalidGrant},
		{"login-login-me-user-not-found", 200, func(c *Client) error { _, err := c.LoginMe(context.Background(), "t"); return err }, "USER_NOT_FOUND"},
		{"login-login-me-retrieve-cert-limit", 200, func(c *Client) error { _, err := c.LoginMe(context.Background(), "t"); return err }, "BAD_REQUEST_RETRIEVE_CERT_RESULT_EXCEEDED_LIMIT"},
		{"login-generate-token-invalid-grant", 400, func(c *Client) error { _, err := c.RefreshLoginToken(context.Background(), "old"); return err }, CodeInvalidGrant},
		{"login-refresh-token-fail", 200, func(c *Client) error { _, err := c.RefreshLoginToken(context.Background(), "old"); return err }, CodeInvalidParameter},
	}
	for _, tc := range cases {
		t.Run(tc.golden, func(t *testing.T) {
			c, s := newRuntimeClient(t, Config{}, answerWith(tc.status, golden(t, tc.golden)))
			err := tc.call(c)
			if !HasCode(err, tc.code) {
				t.Fatalf("got %v, want errorCode %s", err, tc.code)
			}
			if n := len(s.requests()); n != 1 {
				t.Errorf("%d requests, want 1: a business error is not retried", n)
			}
		})
	}
}

func TestRefreshLoginTokenAcceptsBothExpiresInForms(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"login-refresh-token-success", "login-generate-token-success-expires-in-string"} {
		t.Run(name, func(t *testing.T) {
			c, s := newRuntimeClient(t, Config{}, answerWith(200, golden(t, name)))
			tok, err := c.RefreshLoginToken(context.Background(), "refresh-1")
			if err != nil {
				t.Fatal(err)
			}
			if tok.ExpiresIn != 3599 || tok.AccessToken == "" || tok.RefreshToken == "" || !strings.EqualFold(tok.TokenType, "bearer") {
				t.Errorf("tokens = %+v", tok)
			}
			want := []string{"user_ci", "user_birthday", "user_nationality", "user_name", "user_phone", "user_gender"}
			if !reflect.DeepEqual(tok.Scope, want) {
				t.Errorf("Scope = %q", tok.Scope)
			}
			req := s.requests()[0]
			if req.Method != http.MethodPost || req.Path != "/api-partner/v1/apps-in-toss/user/oauth2/refresh-token" {
				t.Errorf("request %s %s", req.Method, req.Path)
			}
			var body map[string]any
			if err := json.Unmarshal(req.Body, &body); err != nil || !reflect.DeepEqual(body, map[string]any{"refreshToken": "refresh-1"}) {
				t.Errorf("body = %s", req.Body)
			}
		})
	}
}

// Refresh-token is sent as a Read: after a lost answer it is sent again (see RefreshLoginToken
// for why that is safe even if Toss rotates refresh tokens).
func TestRefreshLoginTokenIsRetriedAfterAServerError(t *testing.T) {
	t.Parallel()
	ok := golden(t, "login-refresh-token-success")
	c, s := newRuntimeClient(t, Config{}, func(n int, _ *http.Request) (int, string) {
		if n == 1 {
			return 500, golden(t, "common-internal-error")
		}
		return 200, ok
	})
	if _, err := c.RefreshLoginToken(context.Background(), "r"); err != nil {
		t.Fatal(err)
	}
	if n := len(s.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestLoginMeRejectsAUserKeyOutsideTheContract(t *testing.T) {
	t.Parallel()
	c, _ := newUncheckedRuntimeClient(t, Config{}, answerWith(200, `{"resultType":"SUCCESS","success":{"scope":"","agreedTerms":[]}}`))
	_, err := c.LoginMe(context.Background(), "t")
	var ue *UnexpectedResponseError
	if !errors.As(err, &ue) {
		t.Fatalf("got %v", err)
	}
}

func TestParseScope(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		"user_ci,user_birthday, user_key":       {"user_ci", "user_birthday", "user_key"},
		"user_ci user_birthday user_name":       {"user_ci", "user_birthday", "user_name"},
		" a ,, b ,c\t d\n":                      {"a", "b", "c", "d"},
		"":                                      {},
		" , ":                                   {},
		"user_key":                              {"user_key"},
		"profile message:send, custom.scope.v2": {"profile", "message:send", "custom.scope.v2"},
	} {
		if got := ParseScope(in); !reflect.DeepEqual(got, want) {
			t.Errorf("ParseScope(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFlexIntAcceptsNumbersAndDigitStrings(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]*int64{
		`3599`: ptrInt(3599), `"3599"`: ptrInt(3599), `" 42 "`: ptrInt(42), `3599.0`: ptrInt(3599),
		`null`: nil, `""`: nil, `-10`: ptrInt(-10), `9007199254740991`: ptrInt(9007199254740991),
	} {
		var f flexInt
		if err := json.Unmarshal([]byte(in), &f); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := f.ptr(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", in, got, want)
		}
	}
	for _, bad := range []string{`"abc"`, `1.5`, `true`, `{}`} {
		var f flexInt
		if err := json.Unmarshal([]byte(bad), &f); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

func ptrInt(v int64) *int64 { return &v }

// TestLoginLogsNeverCarryTokensOrPersonalData runs login-me and refresh-token with TRACE logging
// on and checks that no token, ciphertext or decrypted value reaches a log line.
func TestLoginLogsNeverCarryTokensOrPersonalData(t *testing.T) {
	t.Parallel()
	refreshAnswer := golden(t, "login-refresh-token-success")
	meAnswer := golden(t, "login-login-me-success-extra-fields")
	c, _ := newRuntimeClient(t, goldenKeyConfig(), func(_ int, r *http.Request) (int, string) {
		if strings.HasSuffix(r.URL.Path, "/refresh-token") {
			return 200, refreshAnswer
		}
		return 200, meAnswer
	})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	tok, err := c.RefreshLoginToken(ctx, "the-refresh-token-input")
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.LoginMe(ctx, tok.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "login-me") || !strings.Contains(out, "refresh-token") {
		t.Fatalf("expected request log lines, got:\n%s", out)
	}
	secrets := []string{"the-refresh-token-input", tok.AccessToken, tok.RefreshToken,
		*u.Personal.Name, *u.Personal.Phone, *u.Personal.Email, *u.Personal.CI, *u.Personal.Birthday,
		"oKGio6SlpqeoqaqrC4Hxx", "rK2ur7CxsrO0tba3h2Xk3", "9b2f7d1e-3c4a-4e58-a1b7-6d0e2f3c4b5a"}
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("a log line carries %q", s)
		}
	}
	if !strings.Contains(out, "443731103") {
		t.Errorf("userKey is not personal and should be visible at TRACE; logs:\n%s", out)
	}
}
