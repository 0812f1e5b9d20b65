package emulator_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// The console's tools act on the catalog the mTLS contract routes serve: an object made through
// one road is read through the other with the same ids.

type consoleTemplate struct {
	Code              string `json:"code"`
	TemplateSetCode   string `json:"templateSetCode"`
	Name              string `json:"name"`
	Title             string `json:"title"`
	Body              string `json:"body"`
	LandingURL        string `json:"landingUrl"`
	AgreementRequired bool   `json:"agreementRequired"`
	ReviewStatus      string `json:"reviewStatus"`
}

func TestConsolePushTemplateTools(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	s := consoleSession(t, inst)

	var made consoleTemplate
	callOK(t, s, "push_template_create", target(map[string]any{"code": "CLASS_REMINDER", "name": "수업 알림",
		"title": "곧 수업이 시작해요", "body": "{{className}} 수업이 10분 뒤 시작해요.", "landingUrl": "intoss://yoga/classes",
		"agreementRequired": true}), &made)
	if made.TemplateSetCode != "demo-app-CLASS_REMINDER" || made.ReviewStatus != "APPROVED" || !made.AgreementRequired {
		t.Errorf("push_template_create: %+v", made)
	}
	// The mTLS road reads the same template.
	var viaMTLS consoleTemplate
	st, b := inst.GetRaw(t, catalog+"/push-templates/demo-app-CLASS_REMINDER")
	success(t, st, b, &viaMTLS)
	if viaMTLS != made {
		t.Errorf("through mTLS %+v, through the console %+v", viaMTLS, made)
	}
	refused := callRefused(t, s, "push_template_create", target(map[string]any{"code": "CLASS_REMINDER", "name": "또",
		"title": "또", "body": "또"}))
	if refused.ErrorCode != "CONFLICT" || refused.Field != "code" {
		t.Errorf("a code that exists: %+v", refused)
	}

	var updated consoleTemplate
	callOK(t, s, "push_template_update", target(map[string]any{"templateSetCode": made.TemplateSetCode, "name": "수업 알림 v2",
		"title": "곧 수업이 시작해요", "body": "수업이 곧 시작해요."}), &updated)
	if updated.Name != "수업 알림 v2" || updated.LandingURL != "" || updated.AgreementRequired {
		t.Errorf("push_template_update replaces every writable field: %+v", updated)
	}
	refusedAt(t, s, "push_template_update", target(map[string]any{"templateSetCode": made.TemplateSetCode, "name": "x",
		"title": "x", "body": "x", "landingUrl": "https://yoga.example/classes"}), "landingUrl")
	callNotFound(t, s, "push_template_update", target(map[string]any{"templateSetCode": "demo-app-NOPE", "name": "x",
		"title": "x", "body": "x"}))

	// A template made through mTLS is listed by the console; another app's list stays empty.
	st, b = inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody("FROM_MTLS"), idem("t1"))
	success(t, st, b, nil)
	var listed struct {
		Contents    []consoleTemplate `json:"contents"`
		TotalPage   int               `json:"totalPage"`
		CurrentPage int               `json:"currentPage"`
	}
	callOK(t, s, "push_template_list", target(map[string]any{"size": 1, "page": 1}), &listed)
	if len(listed.Contents) != 1 || listed.Contents[0].TemplateSetCode != "demo-app-FROM_MTLS" || listed.TotalPage != 2 || listed.CurrentPage != 1 {
		t.Errorf("push_template_list page 1 of size 1: %+v", listed)
	}
	callOK(t, s, "push_template_list", map[string]any{"workspaceId": workspaceID, "miniAppId": otherAppID}, &listed)
	if len(listed.Contents) != 0 {
		t.Errorf("other-app sees demo-app's templates: %+v", listed.Contents)
	}
}

type consolePromotionView struct {
	PromotionCode string  `json:"promotionCode"`
	Name          string  `json:"name"`
	Status        string  `json:"status"`
	ReviewStatus  string  `json:"reviewStatus"`
	ReviewComment *string `json:"reviewComment"`
	TotalBudget   int64   `json:"totalBudget"`
}

func promotionArgs(extra map[string]any) map[string]any {
	args := target(map[string]any{"name": "출석 포인트", "missionName": "출석체크하기", "benefitTabExposed": false,
		"landingUrl": "intoss://yoga/attendance", "totalBudget": 100000, "maxAmountPerUserPerDay": 100,
		"grantType": "FIXED", "amount": 10})
	for k, v := range extra {
		args[k] = v
	}
	return args
}

func TestConsolePromotionTools(t *testing.T) {
	inst := startConsole(t, emulator.Config{ReviewMode: emulator.ReviewManual})
	s := consoleSession(t, inst)

	var made consolePromotionView
	callOK(t, s, "promotion_create", promotionArgs(nil), &made)
	if made.PromotionCode == "" || made.Status != "READY" || made.ReviewStatus != "IN_REVIEW" {
		t.Errorf("promotion_create: %+v", made)
	}
	refusedAt(t, s, "promotion_create", promotionArgs(map[string]any{"missionName": "출석체크"}), "missionName")

	// The reviewer rejects it with a comment: the console's promotion does not carry it,
	// promotion_review_comment does; the contract's promotion carries it.
	inst.DecideReview(t, "promotions", made.PromotionCode, "REJECTED", "미션 이름을 더 구체적으로 써 주세요.")
	var got consolePromotionView
	callOK(t, s, "promotion_get", target(map[string]any{"promotionCode": made.PromotionCode}), &got)
	if got.ReviewStatus != "REJECTED" || got.ReviewComment != nil {
		t.Errorf("promotion_get: %+v (the comment belongs to promotion_review_comment)", got)
	}
	var comment consolePromotionView
	callOK(t, s, "promotion_review_comment", target(map[string]any{"promotionCode": made.PromotionCode}), &comment)
	if comment.ReviewComment == nil || *comment.ReviewComment != "미션 이름을 더 구체적으로 써 주세요." {
		t.Errorf("promotion_review_comment: %+v", comment)
	}
	var viaMTLS map[string]any
	st, b := inst.GetRaw(t, catalog+"/promotions/"+made.PromotionCode)
	success(t, st, b, &viaMTLS)
	if viaMTLS["reviewComment"] != "미션 이름을 더 구체적으로 써 주세요." || viaMTLS["name"] != "출석 포인트" {
		t.Errorf("through mTLS: %v", viaMTLS)
	}

	// A REJECTED promotion cannot start; modifying it resubmits it.
	r := callRefused(t, s, "promotion_change_status", target(map[string]any{"promotionCode": made.PromotionCode, "status": "RUNNING"}))
	if r.ErrorCode != "CONFLICT" {
		t.Errorf("starting a REJECTED promotion: %+v", r)
	}
	callOK(t, s, "promotion_modify", promotionArgs(map[string]any{"promotionCode": made.PromotionCode,
		"missionName": "요가 수업 출석체크하기", "totalBudget": 200000}), &got)
	if got.ReviewStatus != "IN_REVIEW" || got.TotalBudget != 200000 {
		t.Errorf("promotion_modify: %+v", got)
	}
	var none consolePromotionView
	callOK(t, s, "promotion_review_comment", target(map[string]any{"promotionCode": made.PromotionCode}), &none)
	if none.ReviewComment != nil {
		t.Errorf("a resubmitted promotion still has the old comment: %q", *none.ReviewComment)
	}
	refusedAt(t, s, "promotion_modify", promotionArgs(map[string]any{"promotionCode": made.PromotionCode,
		"benefitTabExposed": true}), "benefitTabExposed")

	inst.DecideReview(t, "promotions", made.PromotionCode, "APPROVED", "")
	for _, status := range []string{"RUNNING", "STOPPED", "ENDED"} {
		callOK(t, s, "promotion_change_status", target(map[string]any{"promotionCode": made.PromotionCode, "status": status}), &got)
		if got.Status != status {
			t.Errorf("promotion_change_status %s: %+v", status, got)
		}
	}
	st, b = inst.GetRaw(t, catalog+"/promotions/"+made.PromotionCode)
	success(t, st, b, &viaMTLS)
	if viaMTLS["status"] != "ENDED" {
		t.Errorf("an ended promotion through mTLS: %v", viaMTLS["status"])
	}
	r = callRefused(t, s, "promotion_change_status", target(map[string]any{"promotionCode": made.PromotionCode, "status": "RUNNING"}))
	if r.ErrorCode != "CONFLICT" {
		t.Errorf("ENDED is terminal: %+v", r)
	}

	// A promotion made through mTLS is listed by the console, without its review comment.
	st, b = inst.Do(t, http.MethodPost, catalog+"/promotions", promotionBody(1000, 100, 10), idem("p1"))
	var fromMTLS promotionView
	success(t, st, b, &fromMTLS)
	inst.DecideReview(t, "promotions", fromMTLS.PromotionCode, "REJECTED", "예산을 확인해 주세요.")
	var listed struct{ Contents []map[string]any }
	callOK(t, s, "promotion_list", target(nil), &listed)
	if len(listed.Contents) != 2 || listed.Contents[1]["promotionCode"] != fromMTLS.PromotionCode {
		t.Fatalf("promotion_list: %v", listed.Contents)
	}
	if _, has := listed.Contents[1]["reviewComment"]; has {
		t.Errorf("promotion_list carries reviewComment: %v", listed.Contents[1])
	}

	for _, tool := range []string{"promotion_get", "promotion_review_comment"} {
		callNotFound(t, s, tool, target(map[string]any{"promotionCode": "01JPPJ6SB66BQXXDAKRQZ6SZD7"}))
	}
	callNotFound(t, s, "promotion_modify", promotionArgs(map[string]any{"promotionCode": "01JPPJ6SB66BQXXDAKRQZ6SZD7"}))
	callNotFound(t, s, "promotion_change_status", target(map[string]any{"promotionCode": "01JPPJ6SB66BQXXDAKRQZ6SZD7", "status": "ENDED"}))
}

type consoleProductView struct {
	ProductID            int64  `json:"productId"`
	SKU                  string `json:"sku"`
	ProductType          string `json:"productType"`
	ProductName          string `json:"productName"`
	Description          string `json:"description"`
	NetPrice             int64  `json:"netPrice"`
	GrossPrice           int64  `json:"grossPrice"`
	IconImgURL           string `json:"iconImgUrl"`
	PostInspectionStatus string `json:"postInspectionStatus"`
	RenewalCycle         string `json:"renewalCycle"`
	DiscountPolicies     []struct {
		Type               string `json:"type"`
		Period             string `json:"period"`
		DurationMonths     int    `json:"durationMonths"`
		DiscountedNetPrice int64  `json:"discountedNetPrice"`
	} `json:"discountPolicies"`
	CatalogStatus     string `json:"catalogStatus"`
	CurrentInspection *struct {
		ID      int64  `json:"id"`
		Status  string `json:"status"`
		Comment string `json:"comment"`
	} `json:"currentInspection"`
}

// contractProduct is the catalog contract's product, as far as these tests compare it.
type contractProduct struct {
	ProductID            string `json:"productId"`
	Price                int64  `json:"price"`
	PostInspectionStatus string `json:"postInspectionStatus"`
	DiscountPolicies     []struct {
		DiscountedPrice int64 `json:"discountedPrice"`
	} `json:"discountPolicies"`
}

func subscriptionArgs(extra map[string]any) map[string]any {
	args := target(map[string]any{"type": "SUBSCRIPTION", "name": "프리미엄 월간 구독", "description": "광고 제거와 프리미엄 테마",
		"price": 4900, "iconImgUrl": "https://static.example.com/iap/premium.png", "postInspectionStatus": "INACTIVE",
		"renewalCycle": "MONTHLY", "currency": "KRW", "defaultLocale": "KO_KR",
		"discountPolicies": []any{
			map[string]any{"type": "FREE_TRIAL", "period": "ONE_WEEK"},
			map[string]any{"type": "NEW_SUBSCRIPTION", "durationMonths": 3, "discountedNetPrice": 2900},
		}})
	for k, v := range extra {
		args[k] = v
	}
	return args
}

func TestConsoleIAPProductTools(t *testing.T) {
	inst := startConsole(t, emulator.Config{ReviewMode: emulator.ReviewManual, IAPProductCap: 2})
	s := consoleSession(t, inst)

	var made consoleProductView
	callOK(t, s, "iap_product_create_inspection", subscriptionArgs(nil), &made)
	if made.ProductID == 0 || made.ProductType != "SUBSCRIPTION" || made.ProductName != "프리미엄 월간 구독" ||
		made.NetPrice != 4900 || made.GrossPrice != 5390 || made.CatalogStatus != "NOT_REGISTERED_YET" ||
		made.CurrentInspection == nil || made.CurrentInspection.Status != "IN_PROGRESS" || made.CurrentInspection.ID == 0 ||
		len(made.DiscountPolicies) != 2 || made.DiscountPolicies[1].DiscountedNetPrice != 2900 {
		t.Errorf("iap_product_create_inspection: %+v", made)
	}
	// The mTLS road has the same product under the same id, as a string, in the contract's names.
	id := strconv.FormatInt(made.ProductID, 10)
	var viaMTLS contractProduct
	st, b := inst.GetRaw(t, catalog+"/iap-products/"+id)
	success(t, st, b, &viaMTLS)
	if viaMTLS.ProductID != id || viaMTLS.Price != 4900 || viaMTLS.PostInspectionStatus != "INACTIVE" ||
		len(viaMTLS.DiscountPolicies) != 2 || viaMTLS.DiscountPolicies[1].DiscountedPrice != 2900 {
		t.Errorf("through mTLS: %+v", viaMTLS)
	}

	r := refusedAt(t, s, "iap_product_create_inspection", subscriptionArgs(map[string]any{"discountPolicies": []any{
		map[string]any{"type": "RETURNING", "durationMonths": 1, "discountedNetPrice": 4900}}}),
		"discountPolicies[0].discountedNetPrice")
	if r.Reason == "" {
		t.Error("no reason")
	}

	// Approval registers it in the state it asked for (INACTIVE); an update keeps that wish,
	// since update_inspection has no postInspectionStatus.
	inst.DecideReview(t, "iap-products", id, "APPROVED", "")
	var got consoleProductView
	callOK(t, s, "iap_product_get", target(map[string]any{"productId": made.ProductID}), &got)
	if got.CatalogStatus != "INACTIVE" || got.SKU == "" || got.CurrentInspection.Status != "APPROVED" {
		t.Errorf("after approval: %+v", got)
	}
	var updated consoleProductView
	callOK(t, s, "iap_product_update_inspection", target(map[string]any{"productId": made.ProductID, "name": "프리미엄 구독",
		"description": "광고 제거", "price": 5900, "iconImgUrl": "https://static.example.com/iap/premium2.png",
		"renewalCycle": "MONTHLY"}), &updated)
	if updated.ProductName != "프리미엄 구독" || updated.NetPrice != 5900 || updated.PostInspectionStatus != "INACTIVE" ||
		updated.CatalogStatus != "INACTIVE" || updated.CurrentInspection.Status != "IN_PROGRESS" || len(updated.DiscountPolicies) != 0 {
		t.Errorf("iap_product_update_inspection: %+v", updated)
	}
	refusedAt(t, s, "iap_product_update_inspection", target(map[string]any{"productId": made.ProductID, "name": "x",
		"description": "x", "price": 5900, "iconImgUrl": "ftp://static.example.com/x.png"}), "iconImgUrl")

	callOK(t, s, "iap_product_change_status", target(map[string]any{"productId": made.ProductID, "status": "ACTIVE"}), &got)
	if got.CatalogStatus != "ACTIVE" || got.PostInspectionStatus != "ACTIVE" {
		t.Errorf("iap_product_change_status ACTIVE: %+v", got)
	}

	// A product made through mTLS is read by the console with an integer id.
	st, b = inst.Do(t, http.MethodPost, catalog+"/iap-products", consumableBody(), idem("i1"))
	success(t, st, b, &viaMTLS)
	inst.DecideReview(t, "iap-products", viaMTLS.ProductID, "REJECTED", "아이콘이 흐려요.")
	var listed struct{ Contents []consoleProductView }
	callOK(t, s, "iap_product_list", target(nil), &listed)
	if len(listed.Contents) != 2 || strconv.FormatInt(listed.Contents[1].ProductID, 10) != viaMTLS.ProductID ||
		listed.Contents[1].ProductType != "CONSUMABLE" || listed.Contents[1].CurrentInspection.Status != "REJECTED" ||
		listed.Contents[1].CurrentInspection.Comment != "아이콘이 흐려요." {
		t.Errorf("iap_product_list: %+v", listed.Contents)
	}

	// The cap counts products of either road.
	r = callRefused(t, s, "iap_product_create_inspection", subscriptionArgs(nil))
	if r.ErrorCode != "CONFLICT" {
		t.Errorf("a third product with a cap of 2: %+v", r)
	}
	callNotFound(t, s, "iap_product_get", target(map[string]any{"productId": 999999}))
	callNotFound(t, s, "iap_product_change_status", target(map[string]any{"productId": 999999, "status": "INACTIVE"}))
	callNotFound(t, s, "iap_product_update_inspection", target(map[string]any{"productId": 999999, "name": "x",
		"description": "x", "price": 5900, "iconImgUrl": "https://static.example.com/x.png"}))
}
