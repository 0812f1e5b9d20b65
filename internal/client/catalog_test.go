package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api/contract"
)

// catalogRecorder is a small catalog server for client tests: it answers from canned handlers,
// records what it was sent, and the client's transport checks every exchange against
// api/openapi.yaml.
type catalogRecorder struct {
	mu       sync.Mutex
	requests []recordedRequest
	answer   func(r *http.Request, body []byte) (status int, success any, errCode string)
}

type recordedRequest struct {
	Method, Path, Query, IdempotencyKey string
	Body                                []byte
}

func (s *catalogRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, recordedRequest{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
		IdempotencyKey: r.Header.Get("Idempotency-Key"), Body: body})
	s.mu.Unlock()
	status, success, code := s.answer(r, body)
	if code != "" {
		env := map[string]any{"resultType": "FAIL", "success": nil,
			"error": map[string]any{"errorCode": code, "reason": "테스트 오류"}}
		if code == CodeInvalidParameter {
			env["error"].(map[string]any)["data"] = map[string]any{"field": "name"}
		}
		b, _ := json.Marshal(env)
		writeJSON(w, status, string(b))
		return
	}
	b, _ := json.Marshal(map[string]any{"resultType": "SUCCESS", "success": success})
	writeJSON(w, status, string(b))
}

func (s *catalogRecorder) recorded() []recordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recordedRequest(nil), s.requests...)
}

// newCatalogClient starts the recorder behind mTLS and returns a client whose every exchange
// is validated against the wire contract.
func newCatalogClient(t *testing.T, answer func(r *http.Request, body []byte) (int, any, string)) (*Client, *catalogRecorder) {
	t.Helper()
	p := newTestPKI(t)
	rec := &catalogRecorder{answer: answer}
	srv := p.mtlsServer(rec)
	c := p.newTestClient(srv, Config{MaxRetries: 2})
	c.http.Transport = contract.Load(t).Transport(t, c.http.Transport)
	return c, rec
}

func template(n int) map[string]any {
	code := fmt.Sprintf("T%03d", n)
	return map[string]any{"code": code, "templateSetCode": "demo-app-" + code, "name": "이름", "title": "제목",
		"body": "본문 {{name}}", "agreementRequired": false, "reviewStatus": "APPROVED"}
}

func TestListReadsEveryPageAtTheMaximumPageSize(t *testing.T) {
	const total = 250
	c, rec := newCatalogClient(t, func(r *http.Request, _ []byte) (int, any, string) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		contents := []any{}
		for i := page * size; i < min(total, (page+1)*size); i++ {
			contents = append(contents, template(i))
		}
		return 200, map[string]any{"contents": contents, "totalPage": (total + size - 1) / size, "currentPage": page}, ""
	})

	got, err := c.ListPushTemplates(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != total || got[0].Code != "T000" || got[total-1].Code != "T249" {
		t.Fatalf("got %d templates (first %+v)", len(got), got[0])
	}
	var queries []string
	for _, r := range rec.recorded() {
		queries = append(queries, r.Query)
	}
	if want := "page=0&size=100,page=1&size=100,page=2&size=100"; strings.Join(queries, ",") != want {
		t.Errorf("queries %v, want %s", queries, want)
	}
}

func TestListOfAnEmptyCatalogIsEmptyNotNil(t *testing.T) {
	c, rec := newCatalogClient(t, func(*http.Request, []byte) (int, any, string) {
		return 200, map[string]any{"contents": []any{}, "totalPage": 0, "currentPage": 0}, ""
	})
	got, err := c.ListPromotions(context.Background())
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("ListPromotions = %v, %v; want an empty slice", got, err)
	}
	if n := len(rec.recorded()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestCreateOmitsAbsentOptionalFieldsAndSendsAnIdempotencyKey(t *testing.T) {
	c, rec := newCatalogClient(t, func(_ *http.Request, body []byte) (int, any, string) {
		var in map[string]any
		_ = json.Unmarshal(body, &in)
		out := template(1)
		out["code"], out["templateSetCode"] = in["code"], "demo-app-"+in["code"].(string)
		out["reviewStatus"] = "IN_REVIEW"
		return 201, out, ""
	})
	got, err := c.CreatePushTemplate(context.Background(), PushTemplateInput{Code: "WELCOME", Name: "환영", Title: "안녕하세요", Body: "{{name}}님"})
	if err != nil {
		t.Fatal(err)
	}
	if got.TemplateSetCode != "demo-app-WELCOME" || got.ReviewStatus != ReviewInReview {
		t.Errorf("got %+v", got)
	}
	r := rec.recorded()[0]
	if r.IdempotencyKey == "" {
		t.Error("create sent no Idempotency-Key")
	}
	if strings.Contains(string(r.Body), "landingUrl") {
		t.Errorf("absent landingUrl was sent: %s", r.Body)
	}
}

func TestMutationsAddressTheEntityAndItsStatus(t *testing.T) {
	promotion := map[string]any{"promotionCode": "01JPPJ6SB66BQXXDAKRQZ6SZD7", "name": "출석", "missionName": "출석체크하기",
		"benefitTabExposed": false, "totalBudget": 100000, "maxAmountPerUserPerDay": 100, "grantType": "FIXED", "amount": 10,
		"status": "RUNNING", "reviewStatus": "APPROVED", "budgetUsed": 0}
	product := map[string]any{"productId": "p-1", "sku": "ait.1", "type": "CONSUMABLE", "name": "보석 100개", "price": 1000,
		"grossPrice": 1100, "postInspectionStatus": "ACTIVE", "catalogStatus": "INACTIVE", "reviewStatus": "APPROVED"}
	c, rec := newCatalogClient(t, func(r *http.Request, _ []byte) (int, any, string) {
		if strings.Contains(r.URL.Path, "/promotions/") {
			return 200, promotion, ""
		}
		if strings.Contains(r.URL.Path, "/push-templates/") {
			return 200, template(1), ""
		}
		return 200, product, ""
	})
	ctx := context.Background()
	if _, err := c.SetPromotionStatus(ctx, "01JPPJ6SB66BQXXDAKRQZ6SZD7", PromotionRunning); err != nil {
		t.Fatal(err)
	}
	p, err := c.SetIAPProductStatus(ctx, "p-1", CatalogInactive)
	if err != nil {
		t.Fatal(err)
	}
	if p.GrossPriceOrComputed() != 1100 || p.CatalogStatus != CatalogInactive {
		t.Errorf("product %+v", p)
	}
	if err := c.DeletePushTemplate(ctx, "demo-app-T001"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.EndPromotion(ctx, "01JPPJ6SB66BQXXDAKRQZ6SZD7"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteIAPProduct(ctx, "p-1"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"POST /api-partner/v1/apps-in-toss/catalog/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7/status {\"status\":\"RUNNING\"}",
		"PUT /api-partner/v1/apps-in-toss/catalog/iap-products/p-1/status/INACTIVE ",
		"DELETE /api-partner/v1/apps-in-toss/catalog/push-templates/demo-app-T001 ",
		"DELETE /api-partner/v1/apps-in-toss/catalog/promotions/01JPPJ6SB66BQXXDAKRQZ6SZD7 ",
		"DELETE /api-partner/v1/apps-in-toss/catalog/iap-products/p-1 ",
	}
	got := rec.recorded()
	for i, w := range want {
		if g := got[i].Method + " " + got[i].Path + " " + string(got[i].Body); g != w {
			t.Errorf("request %d = %q, want %q", i, g, w)
		}
		if got[i].IdempotencyKey == "" {
			t.Errorf("request %d has no Idempotency-Key", i)
		}
	}
}

func TestMissingEntityIsNotFoundAndConflictKeepsItsCode(t *testing.T) {
	c, _ := newCatalogClient(t, func(r *http.Request, _ []byte) (int, any, string) {
		if r.Method == http.MethodGet {
			return 404, nil, CodeNotFound
		}
		return 409, nil, CodeConflict
	})
	ctx := context.Background()
	_, err := c.GetIAPProduct(ctx, "nope")
	if !IsNotFound(err) {
		t.Errorf("GetIAPProduct of a missing product: %v, want not found", err)
	}
	_, err = c.CreatePushTemplate(ctx, PushTemplateInput{Code: "WELCOME", Name: "n", Title: "t", Body: "b"})
	if !HasCode(err, CodeConflict) {
		t.Errorf("create of an existing code: %v, want CONFLICT", err)
	}
}

func TestAnIDThatIsNotOnePathSegmentIsRefusedBeforeAnyRequest(t *testing.T) {
	c, rec := newCatalogClient(t, func(*http.Request, []byte) (int, any, string) { return 404, nil, CodeNotFound })
	for _, id := range []string{"", "..", "demo-app-A/../B", "x?y"} {
		_, err := c.GetPushTemplate(context.Background(), id)
		var invalid *InvalidIDError
		if !errors.As(err, &invalid) {
			t.Errorf("GetPushTemplate(%q) = %v, want *InvalidIDError", id, err)
		}
	}
	if n := len(rec.recorded()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestGrossPriceIsComputedOnlyWhenTheServerLeavesItOut(t *testing.T) {
	if g := GrossPrice(4900); g != 5390 {
		t.Errorf("GrossPrice(4900) = %d", g)
	}
	served := int64(1234)
	p := IAPProduct{Price: 1000, GrossPrice: &served}
	if p.GrossPriceOrComputed() != 1234 {
		t.Error("the server's grossPrice must win")
	}
	p.GrossPrice = nil
	if p.GrossPriceOrComputed() != 1100 {
		t.Error("computed gross price")
	}
}
