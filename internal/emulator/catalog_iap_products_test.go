package emulator_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func consumableBody() map[string]any {
	return map[string]any{"type": "CONSUMABLE", "name": "코인 100개", "description": "게임 내 재화 코인 100개를 지급해요.",
		"price": 1000, "iconImgUrl": "https://static.example.com/iap/coin-100.png", "postInspectionStatus": "ACTIVE"}
}

func subscriptionBody() map[string]any {
	return map[string]any{"type": "SUBSCRIPTION", "name": "프리미엄 월간 구독", "description": "광고 제거와 프리미엄 테마를 제공해요.",
		"price": 4900, "iconImgUrl": "https://static.example.com/iap/premium.png",
		"minDeploymentId": "019abfe8-fd68-7021-9cdc-30d6053cc009", "postInspectionStatus": "ACTIVE", "renewalCycle": "MONTHLY",
		"discountPolicies": []map[string]any{
			{"type": "FREE_TRIAL", "period": "ONE_WEEK"},
			{"type": "NEW_SUBSCRIPTION", "durationMonths": 3, "discountedPrice": 2900},
		}}
}

type productView struct {
	ProductID            string `json:"productId"`
	SKU                  string `json:"sku"`
	Price                int64  `json:"price"`
	GrossPrice           int64  `json:"grossPrice"`
	PostInspectionStatus string `json:"postInspectionStatus"`
	CatalogStatus        string `json:"catalogStatus"`
	ReviewStatus         string `json:"reviewStatus"`
}

func TestIAPProductLifecycle(t *testing.T) {
	inst := start(t, emulator.Config{ReviewMode: emulator.ReviewManual})
	status, body := inst.Do(t, http.MethodPost, catalog+"/iap-products", consumableBody(), idem("c"))
	var p productView
	success(t, status, body, &p)
	sameShape(t, "catalog-iap-products-create-consumable.json", body)
	if p.CatalogStatus != "NOT_REGISTERED_YET" || p.GrossPrice != 1100 || p.SKU != "" {
		t.Fatalf("created: %+v", p)
	}
	path := catalog + "/iap-products/" + p.ProductID

	// First approval registers it as wished (postInspectionStatus) and assigns the sku.
	inst.DecideReview(t, "iap-products", p.ProductID, "APPROVED", "")
	status, body = inst.GetRaw(t, path)
	success(t, status, body, &p)
	if p.CatalogStatus != "ACTIVE" || !strings.HasPrefix(p.SKU, "ait.") {
		t.Fatalf("after approval: %+v", p)
	}

	status, body = inst.Do(t, http.MethodPut, path+"/status/INACTIVE", nil, idem("s1"))
	success(t, status, body, &p)
	sameShape(t, "catalog-iap-products-status-inactive.json", body, "success.description", "success.iconImgUrl", "success.minDeploymentId")
	if p.CatalogStatus != "INACTIVE" {
		t.Errorf("after status INACTIVE: %+v", p)
	}

	// PUT re-reviews and keeps the catalog status; the type cannot change.
	update := consumableBody()
	update["price"] = 1500
	status, body = inst.Do(t, http.MethodPut, path, update, idem("u1"))
	success(t, status, body, &p)
	if p.ReviewStatus != "IN_REVIEW" || p.CatalogStatus != "INACTIVE" || p.GrossPrice != 1650 {
		t.Errorf("after PUT: %+v", p)
	}
	update["type"] = "NON_CONSUMABLE"
	status, body = inst.Do(t, http.MethodPut, path, update, idem("u2"))
	invalidField(t, status, body, "type")

	status, body = inst.Do(t, http.MethodDelete, path, nil, idem("d1"))
	success(t, status, body, &p)
	sameShape(t, "catalog-iap-products-delete-inactive.json", body, "success.description", "success.iconImgUrl", "success.minDeploymentId", "success.reviewComment")
	if p.CatalogStatus != "INACTIVE" {
		t.Errorf("after DELETE: %+v", p)
	}
	status, body = inst.GetRaw(t, path)
	success(t, status, body, nil) // still readable
}

func TestIAPSubscriptionShape(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	status, body := inst.Do(t, http.MethodPost, catalog+"/iap-products", subscriptionBody(), idem("sub"))
	success(t, status, body, nil)
	sameShape(t, "catalog-iap-products-get-subscription.json", body)
}

func TestIAPProductValidation(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	cases := []struct {
		field string
		body  func() map[string]any
		edit  func(map[string]any)
	}{
		{"name", consumableBody, func(b map[string]any) { b["name"] = strings.Repeat("가", 31) }},
		{"description", consumableBody, func(b map[string]any) { b["description"] = strings.Repeat("나", 46) }},
		{"price", consumableBody, func(b map[string]any) { b["price"] = 390 }},
		{"price", consumableBody, func(b map[string]any) { b["price"] = 1005 }},
		{"price", consumableBody, func(b map[string]any) { b["price"] = 1400010 }},
		{"type", consumableBody, func(b map[string]any) { b["type"] = "RENTAL" }},
		{"renewalCycle", consumableBody, func(b map[string]any) { b["renewalCycle"] = "MONTHLY" }},
		{"discountPolicies", consumableBody, func(b map[string]any) {
			b["discountPolicies"] = []map[string]any{{"type": "FREE_TRIAL", "period": "ONE_WEEK"}}
		}},
		{"renewalCycle", subscriptionBody, func(b map[string]any) { delete(b, "renewalCycle") }},
		{"discountPolicies[0].period", subscriptionBody, func(b map[string]any) {
			b["discountPolicies"] = []map[string]any{{"type": "FREE_TRIAL", "period": "ONE_YEAR"}}
		}},
		{"discountPolicies[0].durationMonths", subscriptionBody, func(b map[string]any) {
			b["discountPolicies"] = []map[string]any{{"type": "RETURNING", "durationMonths": 13, "discountedPrice": 1000}}
		}},
		{"discountPolicies[1].type", subscriptionBody, func(b map[string]any) {
			b["discountPolicies"] = []map[string]any{{"type": "FREE_TRIAL", "period": "ONE_WEEK"}, {"type": "FREE_TRIAL", "period": "TWO_WEEKS"}}
		}},
		{"iconImgUrl", consumableBody, func(b map[string]any) { b["iconImgUrl"] = "ftp://x" }},
	}
	for i, tc := range cases {
		b := tc.body()
		tc.edit(b)
		resp, err := inst.RawDo(t, http.MethodPost, catalog+"/iap-products", b, idem(fmt.Sprint("v", i)))
		if err != nil {
			t.Fatal(err)
		}
		invalidField(t, resp.Status, resp.Body, tc.field)
	}
	// Names count characters, not bytes: 30 Korean characters are fine.
	b := consumableBody()
	b["name"] = strings.Repeat("가", 30)
	status, body := inst.Do(t, http.MethodPost, catalog+"/iap-products", b, idem("thirty"))
	success(t, status, body, nil)
}

func TestIAPProductCap(t *testing.T) {
	inst := start(t, emulator.Config{IAPProductCap: 3})
	for i := range 3 {
		st, b := inst.Do(t, http.MethodPost, catalog+"/iap-products", consumableBody(), idem(fmt.Sprint("p", i)))
		success(t, st, b, nil)
	}
	status, body := inst.Do(t, http.MethodPost, catalog+"/iap-products", consumableBody(), idem("p3"))
	failure(t, status, body, http.StatusConflict, "CONFLICT")
	sameShape(t, "catalog-iap-products-create-cap-reached.json", body)
	var page struct{ Contents []productView }
	status, body = inst.GetRaw(t, catalog+"/iap-products")
	success(t, status, body, &page)
	if len(page.Contents) != 3 {
		t.Errorf("listed %d products", len(page.Contents))
	}
}
