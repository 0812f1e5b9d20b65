package contract_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api/contract"
)

const (
	partner = "/api-partner/v1/apps-in-toss"
	catalog = partner + "/catalog"
)

// recorder is a testing.TB that keeps Errorf reports instead of failing the test, so the tests
// below can assert what the validator says.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) reports() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errors...)
}

// cannedServer answers every request with status and body, and remembers the last request body
// (read it through the returned function: handlers run concurrently).
func cannedServer(t *testing.T, status int, body string) (*httptest.Server, func() string) {
	t.Helper()
	var (
		mu  sync.Mutex
		got string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = string(b)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, func() string {
		mu.Lock()
		defer mu.Unlock()
		return got
	}
}

func send(t *testing.T, rt http.RoundTripper, method, url, body string, header map[string]string) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Client{Transport: rt}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

func TestTransportPassesAConformingExchangeThroughUnchanged(t *testing.T) {
	const answer = `{"resultType":"SUCCESS","success":{"payToken":"O1NZck9XME8ureeVJVJP67"}}`
	const order = `{"orderNo":"20250417-2","productDesc":"커피 1잔","amount":4500,"amountTaxFree":0,"isTestPayment":true}`
	srv, got := cannedServer(t, 200, answer)
	rec := &recorder{TB: t}
	rt := contract.Load(t).Transport(rec, nil)

	resp := send(t, rt, http.MethodPost, srv.URL+partner+"/pay/make-payment", order, map[string]string{"x-toss-user-key": "443731103"})
	defer resp.Body.Close()

	body, _ := io.ReadAll(resp.Body)
	if string(body) != answer {
		t.Errorf("caller read %q, want the server's body %q", body, answer)
	}
	if got() != order {
		t.Errorf("server received %q, want %q", got(), order)
	}
	if r := rec.reports(); len(r) != 0 {
		t.Errorf("conforming exchange reported: %v", r)
	}
}

func TestTransportReportsAResponseThatBreaksTheContract(t *testing.T) {
	srv, _ := cannedServer(t, 200, `{"resultType":"SUCCESS","success":{"payStatus":"BOGUS"}}`)
	rec := &recorder{TB: t}
	rt := contract.Load(t).Transport(rec, nil)

	send(t, rt, http.MethodPost, srv.URL+partner+"/pay/get-payment-status", `{"orderNo":"20250417-2","isTestPayment":false}`,
		map[string]string{"x-toss-user-key": "443731103"}).Body.Close()

	r := rec.reports()
	if len(r) != 1 {
		t.Fatalf("got %d reports, want 1: %v", len(r), r)
	}
	for _, want := range []string{"POST", partner + "/pay/get-payment-status", "status 200", "BOGUS"} {
		if !strings.Contains(r[0], want) {
			t.Errorf("report does not name %q:\n%s", want, r[0])
		}
	}
}

func TestTransportReportsRequestsThatBreakTheContract(t *testing.T) {
	okEntity := `{"resultType":"SUCCESS","success":{"code":"ORDER_SHIPPED","templateSetCode":"demo-app-ORDER_SHIPPED","name":"n","title":"t","body":"b","agreementRequired":false,"reviewStatus":"IN_REVIEW"}}`
	bulk := func(n int) string {
		items := make([]string, n)
		for i := range items {
			items[i] = fmt.Sprintf(`{"userKey":%d,"context":{}}`, i+1)
		}
		return `{"templateSetCode":"demo-app-ORDER_SHIPPED","contextList":[` + strings.Join(items, ",") + `]}`
	}
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		want                     string
	}{
		{"catalog mutation without Idempotency-Key", "POST", catalog + "/push-templates",
			`{"code":"ORDER_SHIPPED","name":"n","title":"t","body":"b"}`, nil, "Idempotency-Key"},
		{"read-only field in a create body", "POST", catalog + "/push-templates",
			`{"code":"ORDER_SHIPPED","name":"n","title":"t","body":"b","reviewStatus":"APPROVED"}`,
			map[string]string{"Idempotency-Key": "k1"}, "reviewStatus"},
		{"IAP name of 31 characters", "POST", catalog + "/iap-products",
			`{"type":"CONSUMABLE","name":"` + strings.Repeat("가", 31) + `","price":1000}`,
			map[string]string{"Idempotency-Key": "k2"}, "name"},
		{"renewalCycle on a consumable", "POST", catalog + "/iap-products",
			`{"type":"CONSUMABLE","name":"코인","price":1000,"renewalCycle":"MONTHLY"}`,
			map[string]string{"Idempotency-Key": "k3"}, "iap-products"},
		{"price not a multiple of 10", "PUT", catalog + "/iap-products/10482",
			`{"name":"코인","price":1005}`, map[string]string{"Idempotency-Key": "k4"}, "price"},
		{"both user headers", "POST", partner + "/pay/make-payment",
			`{"orderNo":"a-1","productDesc":"x","amount":1000,"amountTaxFree":0,"isTestPayment":true}`,
			map[string]string{"x-toss-user-key": "1", "x-anon-key": "h"}, "only one"},
		{"no user header", "POST", partner + "/promotion/execute-promotion",
			`{"promotionCode":"TEST_01JPPJ6SB66BQXXDAKRQZ6SZD7","key":"k","amount":10}`, nil, "required"},
		{"userKey zero", "POST", partner + "/messenger/send-message",
			`{"templateSetCode":"demo-app-ORDER_SHIPPED","context":{}}`, map[string]string{"x-toss-user-key": "0"}, "x-toss-user-key"},
		{"login-me without a bearer token", "GET", partner + "/user/oauth2/login-me", "", nil, "Bearer"},
		{"2,501 bulk recipients", "POST", partner + "/messenger/send-bulk-message", bulk(2501), nil, "contextList"},
		{"get-payment-status with neither payToken nor orderNo", "POST", partner + "/pay/get-payment-status",
			`{"isTestPayment":true}`, map[string]string{"x-toss-user-key": "1"}, "get-payment-status"},
		{"page size above 100", "GET", catalog + "/promotions?size=101", "", nil, "size"},
		{"path outside the contract", "GET", partner + "/catalog/segments", "", nil, "not in api/openapi.yaml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := cannedServer(t, 200, okEntity)
			rec := &recorder{TB: t}
			send(t, contract.Load(t).Transport(rec, nil), tc.method, srv.URL+tc.path, tc.body, tc.header).Body.Close()
			r := rec.reports()
			if len(r) == 0 {
				t.Fatalf("request was accepted; want a report mentioning %q", tc.want)
			}
			if !strings.Contains(r[0], tc.want) || !strings.Contains(r[0], tc.method) {
				t.Errorf("first report does not mention %q and the method:\n%s", tc.want, r[0])
			}
		})
	}
}

func TestTransportAcceptsEveryDocumentedRequestVariant(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
		answer                   string
	}{
		{"remove-by-user-key with Bearer", "POST", partner + "/user/oauth2/access/remove-by-user-key", `{"userKey":443731103}`,
			map[string]string{"Authorization": "Bearer abc"}, 200, `{"resultType":"SUCCESS","success":{"userKey":443731103}}`},
		{"remove-by-user-key without Bearer", "POST", partner + "/user/oauth2/access/remove-by-user-key", `{"userKey":443731103}`,
			nil, 200, `{"resultType":"SUCCESS","success":{"userKey":443731103}}`},
		{"get-order-status without user key", "POST", partner + "/order/get-order-status", `{"orderId":"13c9a1ff-2baa-4495-bbfa-a0826ba8c7c0"}`,
			nil, 200, `{"resultType":"SUCCESS","success":{"orderId":"13c9a1ff-2baa-4495-bbfa-a0826ba8c7c0","status":"NOT_FOUND"}}`},
		{"get-order-status with user key", "POST", partner + "/order/get-order-status", `{"orderId":"13c9a1ff-2baa-4495-bbfa-a0826ba8c7c0"}`,
			map[string]string{"x-toss-user-key": "443731103"}, 200, `{"resultType":"SUCCESS","success":{"orderId":"13c9a1ff-2baa-4495-bbfa-a0826ba8c7c0","status":"NOT_FOUND"}}`},
		{"get-key with no header and no body", "POST", partner + "/promotion/execute-promotion/get-key", "",
			nil, 200, `{"resultType":"SUCCESS","success":{"key":"3oBpxjUgl5r66edcVi7ynHGIjhzr9KOka6FfEKikev0="}}`},
		{"get-key with header and {}", "POST", partner + "/promotion/execute-promotion/get-key", `{}`,
			map[string]string{"x-toss-user-key": "443731103"}, 200, `{"resultType":"SUCCESS","success":{"key":"3oBpxjUgl5r66edcVi7ynHGIjhzr9KOka6FfEKikev0="}}`},
		{"get-payment-status with payToken and orderNo", "POST", partner + "/pay/get-payment-status",
			`{"payToken":"O1NZck9XME8ureeVJVJP67","orderNo":"20250417-2","isTestPayment":true}`,
			map[string]string{"x-toss-user-key": "443731103"}, 404, `{"resultType":"FAIL","success":null,"error":{"errorCode":"NOT_FOUND","reason":"x"}}`},
		{"send-message by anonymous key", "POST", partner + "/messenger/send-message", `{"templateSetCode":"demo-app-X1","context":{"userName":"홍길동"}}`,
			map[string]string{"x-anon-key": "hash"}, 200, `{"resultType":"SUCCESS","result":{"msgCount":1}}`},
		{"generate-token with sandbox referrer", "POST", partner + "/user/oauth2/generate-token", `{"authorizationCode":"c","referrer":"sandbox"}`,
			nil, 400, `{"error":"invalid_grant"}`},
		{"rate limited catalog write", "PUT", catalog + "/iap-products/10482/status/ACTIVE", "",
			map[string]string{"Idempotency-Key": "0b8e1f5c-7a64-4f0e-9e55-2d9c3b1a8f70"}, 429,
			`{"resultType":"FAIL","success":null,"error":{"errorCode":"4095","reason":"slow down","data":{"retryAfterSeconds":1}}}`},
		{"emulator admin user", "POST", "/_emulator/users", `{"name":"홍길동","gender":"MALE"}`,
			nil, 201, `{"userKey":443731103,"authorizationCode":"code-1"}`},
		{"emulator faults", "POST", "/_emulator/faults", `{"rate":0.3,"kinds":["http_500","latency"],"latencyMs":200}`,
			nil, 200, `{"rate":0.3}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := cannedServer(t, tc.status, tc.answer)
			rec := &recorder{TB: t}
			send(t, contract.Load(t).Transport(rec, nil), tc.method, srv.URL+tc.path, tc.body, tc.header).Body.Close()
			if r := rec.reports(); len(r) != 0 {
				t.Errorf("documented variant reported:\n%s", strings.Join(r, "\n"))
			}
		})
	}
}

// TestTheContractIsNotVacuous feeds responses that break documented rules and expects each to
// be rejected.
func TestTheContractIsNotVacuous(t *testing.T) {
	v := contract.Load(t)
	template := func(extra string) string {
		return `{"resultType":"SUCCESS","success":{"code":"ORDER_SHIPPED","templateSetCode":"demo-app-ORDER_SHIPPED","name":"n","title":"t","body":"b","agreementRequired":false,"reviewStatus":"APPROVED"` + extra + `}}`
	}
	product := func(fields string) string {
		return `{"resultType":"SUCCESS","success":{"productId":"1","postInspectionStatus":"ACTIVE","catalogStatus":"ACTIVE","reviewStatus":"APPROVED",` + fields + `}}`
	}
	promotion := func(fields string) string {
		return `{"resultType":"SUCCESS","success":{"promotionCode":"01JPPJ6SB66BQXXDAKRQZ6SZD7","name":"n","benefitTabExposed":false,"totalBudget":1000,"grantType":"FIXED","status":"READY","reviewStatus":"IN_REVIEW","budgetUsed":0,` + fields + `}}`
	}
	tests := []struct {
		name, method, path string
		status             int
		body               string
	}{
		{"payStatus BOGUS", "POST", partner + "/pay/get-payment-status", 200, `{"resultType":"SUCCESS","success":{"payStatus":"BOGUS"}}`},
		{"catalog optional field sent as null", "GET", catalog + "/push-templates/demo-app-ORDER_SHIPPED", 200, template(`,"landingUrl":null`)},
		{"catalog reviewComment null", "GET", catalog + "/push-templates/demo-app-ORDER_SHIPPED", 200, template(`,"reviewComment":null`)},
		{"landing URL not intoss://", "GET", catalog + "/push-templates/demo-app-ORDER_SHIPPED", 200, template(`,"landingUrl":"https://example.com"`)},
		{"IAP name of 31 characters", "GET", catalog + "/iap-products/1", 200, product(`"type":"CONSUMABLE","name":"` + strings.Repeat("a", 31) + `","price":1000,"grossPrice":1100`)},
		{"IAP description of 46 characters", "GET", catalog + "/iap-products/1", 200, product(`"type":"CONSUMABLE","name":"a","description":"` + strings.Repeat("가", 46) + `","price":1000,"grossPrice":1100`)},
		{"IAP price 390", "GET", catalog + "/iap-products/1", 200, product(`"type":"CONSUMABLE","name":"a","price":390,"grossPrice":429`)},
		{"IAP gross price not price+VAT multiple", "GET", catalog + "/iap-products/1", 200, product(`"type":"CONSUMABLE","name":"a","price":1000,"grossPrice":1000`)},
		{"subscription without renewalCycle", "GET", catalog + "/iap-products/1", 200, product(`"type":"SUBSCRIPTION","name":"a","price":1000,"grossPrice":1100`)},
		{"discount policy FREE_TRIAL with months", "GET", catalog + "/iap-products/1", 200, product(`"type":"SUBSCRIPTION","renewalCycle":"MONTHLY","name":"a","price":1000,"grossPrice":1100,"discountPolicies":[{"type":"FREE_TRIAL","period":"ONE_WEEK","durationMonths":1}]`)},
		{"mission name not ending in 하기", "GET", catalog + "/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7", 200, promotion(`"missionName":"출석","maxAmountPerUserPerDay":10,"amount":10`)},
		{"maxAmountPerUserPerDay above 5000", "GET", catalog + "/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7", 200, promotion(`"missionName":"출석하기","maxAmountPerUserPerDay":5001,"amount":10`)},
		{"promotionCode not a ULID", "GET", catalog + "/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7", 200, strings.Replace(promotion(`"missionName":"출석하기","maxAmountPerUserPerDay":10,"amount":10`), "01JPPJ6SB66BQXXDAKRQZ6SZD7", "promo-1", 1)},
		{"catalog 400 without error.data.field", "POST", catalog + "/iap-products", 400, `{"resultType":"FAIL","error":{"errorCode":"INVALID_PARAMETER","reason":"x"}}`},
		{"catalog 404 with another code", "GET", catalog + "/iap-products/1", 404, `{"resultType":"FAIL","error":{"errorCode":"INVALID_PARAMETER","reason":"x"}}`},
		{"catalog business error with HTTP 200", "POST", catalog + "/iap-products", 200, `{"resultType":"FAIL","error":{"errorCode":"CONFLICT","reason":"x"}}`},
		{"catalog list without totalPage", "GET", catalog + "/promotions", 200, `{"resultType":"SUCCESS","success":{"contents":[],"currentPage":0}}`},
		{"undocumented status", "GET", catalog + "/iap-products/1", 418, `{}`},
		{"rate limit without retryAfterSeconds", "POST", partner + "/order/get-order-status", 429, `{"resultType":"FAIL","error":{"errorCode":"4095","reason":"x","data":{}}}`},
		{"rate limit errorCode as a number", "POST", partner + "/order/get-order-status", 429, `{"resultType":"FAIL","error":{"errorCode":4095,"reason":"x","data":{"retryAfterSeconds":1}}}`},
		{"FAIL without error", "POST", partner + "/messenger/send-message", 200, `{"resultType":"FAIL"}`},
		{"SUCCESS without payload", "POST", partner + "/messenger/send-message", 200, `{"resultType":"SUCCESS"}`},
		{"unknown resultType", "POST", partner + "/pay/make-payment", 200, `{"resultType":"OK","success":{"payToken":"x"}}`},
		{"bare invalid_grant outside login", "POST", partner + "/pay/make-payment", 200, `{"error":"invalid_grant"}`},
		{"plain-text personal field", "GET", partner + "/user/oauth2/login-me", 200, `{"resultType":"SUCCESS","success":{"userKey":1,"scope":"user_gender","agreedTerms":[],"gender":"MALE"}}`},
		{"userKey at 2^53", "GET", partner + "/user/oauth2/login-me", 200, `{"resultType":"SUCCESS","success":{"userKey":9007199254740992,"scope":"x","agreedTerms":[]}}`},
		{"userKey as a string", "POST", partner + "/user/oauth2/access/remove-by-user-key", 200, `{"resultType":"SUCCESS","success":{"userKey":"443731103"}}`},
		{"sku on a NOT_FOUND order", "POST", partner + "/order/get-order-status", 200, `{"resultType":"SUCCESS","success":{"orderId":"x","status":"NOT_FOUND","sku":"a"}}`},
		{"IAP order status outside the 8", "POST", partner + "/order/get-order-status", 200, `{"resultType":"SUCCESS","success":{"orderId":"x","status":"COMPLETED"}}`},
		{"execution-result DONE", "POST", partner + "/promotion/execution-result", 200, `{"resultType":"SUCCESS","success":"DONE"}`},
		{"anon verify false", "POST", partner + "/users/anon-key/verify", 200, `{"resultType":"SUCCESS","success":"false"}`},
		{"stats without counters", "GET", "/_emulator/stats", 200, `{"requests":1}`},
		{"admin iap order id not UUID v7", "POST", "/_emulator/iap-orders", 201, `{"orderId":"13c9a1ff-2baa-4495-bbfa-a0826ba8c7c0"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := v.CheckResponse(tc.method, tc.path, tc.status, nil, []byte(tc.body)); err == nil {
				t.Errorf("%s %s → %d accepted; the contract must reject:\n%s", tc.method, tc.path, tc.status, tc.body)
			}
		})
	}
}

func TestValidateResponseBodyReportsThroughT(t *testing.T) {
	rec := &recorder{TB: t}
	contract.Load(t).ValidateResponseBody(rec, "GET", catalog+"/iap-products/1", 200, nil,
		[]byte(`{"resultType":"SUCCESS","success":{"payStatus":"BOGUS"}}`))
	r := rec.reports()
	if len(r) != 1 || !strings.Contains(r[0], "GET "+catalog+"/iap-products/1") || !strings.Contains(r[0], "status 200") {
		t.Errorf("want one report naming the method, path and status; got %v", r)
	}
}

func TestCheckRequestLeavesTheBodyReadable(t *testing.T) {
	const body = `{"orderId":"13c9a1ff-2baa-4495-bbfa-a0826ba8c7c0"}`
	req := httptest.NewRequest(http.MethodPost, "https://127.0.0.1:8443"+partner+"/order/get-order-status", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if err := contract.Load(t).CheckRequest(req); err != nil {
		t.Fatalf("valid request rejected: %v", err)
	}
	b, _ := io.ReadAll(req.Body)
	if string(b) != body {
		t.Errorf("body after CheckRequest = %q, want %q", b, body)
	}
}

func TestTransportIsSafeForConcurrentUse(t *testing.T) {
	srv, _ := cannedServer(t, 200, `{"resultType":"SUCCESS","success":{"orderId":"o-1","status":"PURCHASED","sku":"s","statusDeterminedAt":"2025-09-12T16:57:12"}}`)
	rec := &recorder{TB: t}
	client := &http.Client{Transport: contract.Load(t).Transport(rec, nil)}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"orderId":"o-%d"}`, i)
			req, _ := http.NewRequest(http.MethodPost, srv.URL+partner+"/order/get-order-status", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				rec.Errorf("request %d: %v", i, err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}()
	}
	wg.Wait()
	if r := rec.reports(); len(r) != 0 {
		t.Errorf("concurrent conforming exchanges reported: %v", r)
	}
}

func webhookRequest(t *testing.T, method, target, body string, header map[string]string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, target, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return req
}

func TestCheckWebhookAcceptsTheDocumentedShapes(t *testing.T) {
	v := contract.Load(t)
	basic := map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}
	event := `{"eventType":"subscription.status_changed","eventVersion":"1.0","occurredAt":"2026-05-06T00:00:00",
		"orderId":"order-1","sku":"premium.monthly","changeReason":"RENEWED","subscription":{
		"current":{"status":"ACTIVE","accessGranted":true,"expiresAt":"2026-06-06T00:00:00","autoRenew":true}}}`
	for _, tc := range []struct {
		name string
		req  *http.Request
	}{
		{"unlinkCallback", webhookRequest(t, http.MethodGet, "https://partner.example/unlink?userKey=443731103&referrer=UNLINK", "", basic)},
		{"unlinkCallback", webhookRequest(t, http.MethodPost, "https://partner.example/unlink", `{"userKey":443731103,"referrer":"WITHDRAWAL_TOSS"}`, nil)},
		{"subscriptionStatusChanged", webhookRequest(t, http.MethodPost, "https://partner.example/iap", event, basic)},
		{"callbackRegistrationVerification", webhookRequest(t, http.MethodPost, "https://partner.example/iap",
			`{"eventType":"callback.registration_verification","occurredAt":"2026-05-06T00:00:00"}`, nil)},
	} {
		if err := v.CheckWebhook(tc.name, tc.req); err != nil {
			t.Errorf("%s %s: %v", tc.name, tc.req.Method, err)
		}
	}
}

func TestCheckWebhookRejectsWhatTheDocsDoNotSend(t *testing.T) {
	v := contract.Load(t)
	for _, tc := range []struct {
		what string
		name string
		req  *http.Request
	}{
		{"an unknown referrer", "unlinkCallback", webhookRequest(t, http.MethodGet, "https://p.example/u?userKey=1&referrer=LOGOUT", "", nil)},
		{"no userKey", "unlinkCallback", webhookRequest(t, http.MethodGet, "https://p.example/u?referrer=UNLINK", "", nil)},
		{"userKey as a string", "unlinkCallback", webhookRequest(t, http.MethodPost, "https://p.example/u", `{"userKey":"1","referrer":"UNLINK"}`, nil)},
		{"a Bearer header", "unlinkCallback", webhookRequest(t, http.MethodPost, "https://p.example/u", `{"userKey":1,"referrer":"UNLINK"}`,
			map[string]string{"Authorization": "Bearer abc"})},
		{"Basic that is not Base64", "unlinkCallback", webhookRequest(t, http.MethodPost, "https://p.example/u", `{"userKey":1,"referrer":"UNLINK"}`,
			map[string]string{"Authorization": "Basic user:pass"})},
		{"an event without sku", "subscriptionStatusChanged", webhookRequest(t, http.MethodPost, "https://p.example/i",
			`{"eventType":"subscription.status_changed","eventVersion":"1.0","occurredAt":"2026-05-06T00:00:00","orderId":"o",
			"changeReason":"RENEWED","subscription":{"current":{"status":"ACTIVE","accessGranted":true,"expiresAt":"2026-06-06T00:00:00","autoRenew":true}}}`, nil)},
		{"a zoned timestamp", "callbackRegistrationVerification", webhookRequest(t, http.MethodPost, "https://p.example/i",
			`{"eventType":"callback.registration_verification","occurredAt":"2026-05-06T00:00:00+09:00"}`, nil)},
		{"the wrong eventType", "callbackRegistrationVerification", webhookRequest(t, http.MethodPost, "https://p.example/i",
			`{"eventType":"subscription.status_changed","occurredAt":"2026-05-06T00:00:00"}`, nil)},
		{"a GET subscription event", "subscriptionStatusChanged", webhookRequest(t, http.MethodGet, "https://p.example/i", "", nil)},
		{"an undeclared webhook", "paymentDone", webhookRequest(t, http.MethodPost, "https://p.example/i", `{}`, nil)},
	} {
		if err := v.CheckWebhook(tc.name, tc.req); err == nil {
			t.Errorf("%s: %s was accepted", tc.name, tc.what)
		}
	}
}

func TestWebhookHandlerReportsThroughTAndStillServes(t *testing.T) {
	v := contract.Load(t)
	rec := &recorder{TB: t}
	served := 0
	h := v.WebhookHandler(rec, "unlinkCallback", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served++
		if b, _ := io.ReadAll(r.Body); string(b) != `{"userKey":1}` {
			t.Errorf("next got the body %q", b)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, webhookRequest(t, http.MethodPost, "https://p.example/u", `{"userKey":1}`, nil))
	if served != 1 || w.Code != http.StatusNoContent {
		t.Errorf("served %d, status %d", served, w.Code)
	}
	if got := rec.reports(); len(got) != 1 || !strings.Contains(got[0], "unlinkCallback") || !strings.Contains(got[0], "referrer") {
		t.Errorf("reports: %q", got)
	}
}
