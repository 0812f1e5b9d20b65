package console

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// The session against the emulator's console gateway: the real SDK on both sides, the emulator's
// faults on the wire. A fault is switched off by the test's own transport right after the attempt
// it hit, so that how often the session sends a call is exact, not a matter of chance.

// testPolicy retries once, quickly, and waits no more than a rate-limit answer asks.
var testPolicy = client.PolicyConfig{MaxRetries: 1, RequestTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
	MaxRetryWait: 5 * time.Second, RetryBaseDelay: 10 * time.Millisecond, RetryMaxDelay: 20 * time.Millisecond}

// gatewayUnderTest is an emulator with its console gateway, and a transport that can end a fault
// after its first hit.
type gatewayUnderTest struct {
	inst *emulatortest.Instance
	wire *faultOnce
}

func startGateway(t *testing.T) *gatewayUnderTest {
	t.Helper()
	inst := emulatortest.StartWithConsole(t, emulator.Config{})
	transport := &http.Transport{TLSClientConfig: inst.TLSConfig(t, "", "")}
	t.Cleanup(transport.CloseIdleConnections)
	return &gatewayUnderTest{inst: inst, wire: &faultOnce{t: t, inst: inst, base: transport}}
}

// open opens a session with fresh credentials from the emulator.
func (g *gatewayUnderTest) open(t *testing.T) *Session {
	t.Helper()
	creds, err := CredentialsFromEnv(string(g.inst.ConsoleCredentials(t)))
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := NewTokenSource(TokenSourceConfig{Credentials: creds,
		HTTPClient: &http.Client{Transport: g.wire.base, CheckRedirect: client.RefuseRedirects}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenSession(t.Context(), SessionConfig{URL: g.inst.ConsoleURL, Transport: g.wire, Policy: testPolicy,
		Tokens: tokens, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// catalog is the checked catalog of demo-app over s.
func (g *gatewayUnderTest) catalog(t *testing.T, s *Session) *Catalog {
	t.Helper()
	tools, err := s.ListTools(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	set, err := CheckTools(tools)
	if err != nil {
		t.Fatalf("the emulator's tools fail the check: %v", err)
	}
	id, warnings, err := ResolveIdentity(t.Context(), s, set, IdentityConfig{CertificateCN: "demo-app"})
	if err != nil || len(warnings) > 0 {
		t.Fatalf("resolving demo-app: %v %v", err, warnings)
	}
	return NewCatalog(s, set, id)
}

// calls is how many tools/call of tool reached the gateway.
func (g *gatewayUnderTest) calls(t *testing.T, tool string) int64 {
	t.Helper()
	return g.inst.Stats(t).ConsoleToolCalls[tool]
}

// faultOnce is the session's transport in these tests. After armed, the first tools/call of the
// named tool meets the emulator's fault; the faults are cleared as soon as that attempt ends, so
// every later attempt goes through.
type faultOnce struct {
	t    *testing.T
	inst *emulatortest.Instance
	base http.RoundTripper

	mu   sync.Mutex
	tool string
}

func (f *faultOnce) arm(tool string, kind string) {
	f.t.Helper()
	f.inst.SetFaults(f.t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{kind}, Routes: []string{"console:" + tool}})
	f.mu.Lock()
	f.tool = tool
	f.mu.Unlock()
}

func (f *faultOnce) RoundTrip(req *http.Request) (*http.Response, error) {
	hit := false
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		f.mu.Lock()
		hit = f.tool != "" && bytes.Contains(body, []byte(`"name":"`+f.tool+`"`))
		if hit {
			f.tool = ""
		}
		f.mu.Unlock()
	}
	resp, err := f.base.RoundTrip(req)
	if hit {
		// Not f.inst.ClearFaults: that fails the test from a goroutine the SDK may own.
		if _, clearErr := f.inst.RawDo(f.t, http.MethodDelete, "/_emulator/faults", nil, nil); clearErr != nil {
			f.t.Errorf("clearing the faults: %v", clearErr)
		}
	}
	return resp, err
}

func TestSession_callsTheGatewaysToolsThroughTheCatalog(t *testing.T) {
	t.Parallel()
	g := startGateway(t)
	s := g.open(t)
	c := g.catalog(t, s)

	created, err := c.CreatePushTemplate(t.Context(), client.PushTemplateInput{Code: "WELCOME", Name: "환영",
		Title: "환영해요", Body: "{{name}}님 환영해요"})
	if err != nil {
		t.Fatal(err)
	}
	if created.TemplateSetCode != "demo-app-WELCOME" {
		t.Errorf("templateSetCode = %q, want demo-app-WELCOME", created.TemplateSetCode)
	}
	got, err := c.GetPushTemplate(t.Context(), "demo-app-WELCOME")
	if err != nil || got.Title != "환영해요" {
		t.Errorf("reading it back: %+v, %v", got, err)
	}
}

func TestSession_refusalsComeBackAsToolErrors(t *testing.T) {
	t.Parallel()
	g := startGateway(t)
	s := g.open(t)
	c := g.catalog(t, s)

	_, err := c.GetPromotion(client.WithFreshReads(t.Context()), "01JPPJ6SB66BQXXDAKRQZ6SZD7")
	var refused *ToolError
	if !errors.As(err, &refused) || !client.IsNotFound(err) {
		t.Fatalf("promotion_get of an unknown code: %v (%T), want a not-found *ToolError", err, err)
	}
	if g.calls(t, toolPromotionGet) != 1 {
		t.Errorf("promotion_get sent %d times, want 1: a refusal is not retried", g.calls(t, toolPromotionGet))
	}
}

// Reads are retried after every fault a gateway or network can produce.
func TestSession_readsAreRetried(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{emulator.FaultHTTP500, emulator.FaultConnectionReset, emulator.FaultRateLimit,
		emulator.FaultGarbage} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			g := startGateway(t)
			s := g.open(t)
			c := g.catalog(t, s)
			g.wire.arm(toolPromotionList, kind)
			if _, err := c.ListPromotions(t.Context()); err != nil {
				t.Fatalf("listing after one %s: %v", kind, err)
			}
			if n := g.calls(t, toolPromotionList); n != 2 {
				t.Errorf("promotion_list reached the gateway %d times, want 2 (the fault, then the retry)", n)
			}
		})
	}
}

// A status change sets a state: sending it again after a lost answer does what once does.
func TestSession_statusChangesAreRetriedAfterALostAnswer(t *testing.T) {
	t.Parallel()
	g := startGateway(t)
	s := g.open(t)
	c := g.catalog(t, s)
	p, err := c.CreatePromotion(t.Context(), attendance)
	if err != nil {
		t.Fatal(err)
	}
	g.wire.arm(toolPromotionChangeStatus, emulator.FaultResetAfterCommit)
	ended, err := c.EndPromotion(t.Context(), p.PromotionCode)
	if err != nil {
		t.Fatalf("ending after a lost answer: %v", err)
	}
	if ended.Status != client.PromotionEnded {
		t.Errorf("status %s, want ENDED", ended.Status)
	}
	if n := g.calls(t, toolPromotionChangeStatus); n != 2 {
		t.Errorf("promotion_change_status sent %d times, want 2", n)
	}
}

// A create is never sent twice after its answer was lost: the session reports a lost answer and
// the catalog adopts the one object the list shows.
func TestSession_lostCreateIsReconciledNotResent(t *testing.T) {
	t.Parallel()
	g := startGateway(t)
	s := g.open(t)
	c := g.catalog(t, s)

	g.wire.arm(toolPromotionCreate, emulator.FaultResetAfterCommit)
	raw, err := s.CallTool(t.Context(), toolPromotionCreate, map[string]any{"workspaceId": 1, "miniAppId": 1001,
		"name": "손으로 만든 이벤트", "missionName": "출석하기", "benefitTabExposed": false, "totalBudget": 1000,
		"maxAmountPerUserPerDay": 10, "grantType": "FIXED", "amount": 10})
	var lost *LostAnswerError
	if !errors.As(err, &lost) || lost.Tool != toolPromotionCreate || lost.Attempts != 1 {
		t.Fatalf("a create whose answer was lost: %s, %v (%T), want a *LostAnswerError after 1 attempt", raw, err, err)
	}

	g.wire.arm(toolPromotionCreate, emulator.FaultResetAfterCommit)
	adopted, err := c.CreatePromotion(t.Context(), attendance)
	if err != nil {
		t.Fatalf("the catalog did not reconcile the lost create: %v", err)
	}
	all, err := c.ListPromotions(client.WithFreshReads(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, p := range all {
		if p.Name == attendance.Name {
			named++
		}
	}
	if named != 1 || adopted.Name != attendance.Name {
		t.Errorf("%d promotions named %q after the lost create, want exactly the adopted one", named, attendance.Name)
	}
	if n := g.calls(t, toolPromotionCreate); n != 2 {
		t.Errorf("promotion_create sent %d times, want 2: once by hand above, once by the catalog, never resent", n)
	}
}

// A rate-limit answer says the gateway did not take the call, so even a create is sent again.
func TestSession_createIsResentAfterARateLimitAnswer(t *testing.T) {
	t.Parallel()
	g := startGateway(t)
	s := g.open(t)
	c := g.catalog(t, s)
	g.wire.arm(toolPushTemplateCreate, emulator.FaultRateLimit)
	if _, err := c.CreatePushTemplate(t.Context(), client.PushTemplateInput{Code: "PACED", Name: "속도", Title: "제목",
		Body: "본문"}); err != nil {
		t.Fatalf("creating after a 429: %v", err)
	}
	if n := g.calls(t, toolPushTemplateCreate); n != 2 {
		t.Errorf("push_template_create sent %d times, want 2", n)
	}
}

// A create refused with a server error is an error, not a lost answer: the gateway answered.
func TestSession_createRefusedWithAServerErrorIsNotALostAnswer(t *testing.T) {
	t.Parallel()
	g := startGateway(t)
	s := g.open(t)
	g.catalog(t, s)
	g.wire.arm(toolPushTemplateCreate, emulator.FaultHTTP500)
	_, err := s.CallTool(t.Context(), toolPushTemplateCreate, map[string]any{"workspaceId": 1, "miniAppId": 1001,
		"code": "FAILS", "name": "실패", "title": "제목", "body": "본문"})
	var (
		lost   *LostAnswerError
		apiErr *client.APIError
	)
	if err == nil || errors.As(err, &lost) || !errors.As(err, &apiErr) || apiErr.HTTPStatus != http.StatusInternalServerError {
		t.Fatalf("a create answered with HTTP 500: %v (%T), want the HTTP 500 and no lost answer", err, err)
	}
	if n := g.calls(t, toolPushTemplateCreate); n != 1 {
		t.Errorf("push_template_create sent %d times, want 1: a create is resent only after a 429", n)
	}
}

// The call carries the session's access token and no other; the session refreshes it when the
// gateway refuses it, and a revoked sign-in is a *LoginRequiredError.
func TestSession_revokedCredentialsAskForALogin(t *testing.T) {
	t.Parallel()
	g := startGateway(t)
	s := g.open(t)
	c := g.catalog(t, s)
	g.inst.RevokeConsole(t)
	_, err := c.ListPushTemplates(t.Context())
	var login *LoginRequiredError
	if !errors.As(err, &login) {
		t.Fatalf("a call after the revocation: %v (%T), want a *LoginRequiredError", err, err)
	}
	if !strings.HasPrefix(err.Error(), "the console credentials") || !strings.Contains(err.Error(), "appsintoss login") {
		t.Errorf("the error is not the sign-in advice itself: %v", err)
	}
	if n := g.calls(t, toolPushTemplateList); n != 0 {
		t.Errorf("push_template_list ran %d times with revoked credentials", n)
	}
}

func TestSession_safetyOfEveryTool(t *testing.T) {
	want := map[string]client.Safety{
		toolWorkspaceList: client.Read, toolMiniAppList: client.Read,
		toolPushTemplateList: client.Read, toolPushTemplateCreate: client.UnkeyedWrite,
		toolPushTemplateUpdate: client.IdempotentWrite,
		toolPromotionList:      client.Read, toolPromotionGet: client.Read, toolPromotionReviewComment: client.Read,
		toolPromotionCreate: client.UnkeyedWrite, toolPromotionModify: client.IdempotentWrite,
		toolPromotionChangeStatus: client.IdempotentWrite,
		toolIAPProductList:        client.Read, toolIAPProductGet: client.Read,
		toolIAPProductCreateInspection: client.UnkeyedWrite, toolIAPProductUpdateInspection: client.IdempotentWrite,
		toolIAPProductChangeStatus: client.IdempotentWrite,
	}
	for _, tool := range UsedTools() {
		w, ok := want[tool]
		if !ok {
			t.Errorf("tool %s has no expected safety in this test: decide whether it may be resent", tool)
			continue
		}
		if got := safetyOf(tool); got != w {
			t.Errorf("safetyOf(%s) = %d, want %d", tool, got, w)
		}
	}
	if got := safetyOf("promotion_money_charge"); got != client.UnrepeatableWrite {
		t.Errorf("a tool the mapping does not know has safety %d, want UnrepeatableWrite", got)
	}
}

var attendance = client.PromotionInput{Name: "출석 이벤트", MissionName: "출석하기", TotalBudget: 1000,
	MaxAmountPerUserPerDay: 10, GrantType: client.GrantFixed, Amount: 10}
