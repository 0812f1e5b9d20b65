package emulator_test

import (
	"net/http"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func templateBody(code string) map[string]any {
	return map[string]any{"code": code, "name": "배송 시작 알림", "title": "주문하신 상품이 출발했어요",
		"body": "{{userName}}님, 주문하신 {{productName}}이(가) 배송을 시작했어요.", "landingUrl": "intoss://demo-app/orders"}
}

func TestPushTemplateLifecycle(t *testing.T) {
	inst := start(t, emulator.Config{ReviewMode: emulator.ReviewManual})
	status, body := inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody("ORDER_SHIPPED"), idem("c1"))
	var tmpl map[string]any
	success(t, status, body, &tmpl)
	sameShape(t, "catalog-push-templates-create-success.json", body)
	if tmpl["templateSetCode"] != "demo-app-ORDER_SHIPPED" || tmpl["reviewStatus"] != "IN_REVIEW" {
		t.Fatalf("created: %v", tmpl)
	}
	path := catalog + "/push-templates/demo-app-ORDER_SHIPPED"

	inst.DecideReview(t, "push-templates", "demo-app-ORDER_SHIPPED", "APPROVED", "")
	status, body = inst.GetRaw(t, path)
	success(t, status, body, nil)
	sameShape(t, "catalog-push-templates-get-approved.json", body)

	// A code that exists: 409 CONFLICT.
	status, body = inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody("ORDER_SHIPPED"), idem("c2"))
	failure(t, status, body, http.StatusConflict, "CONFLICT")
	sameShape(t, "catalog-push-templates-create-conflict.json", body)

	// PUT replaces the writable fields (landingUrl omitted → cleared) and goes back to review.
	update := templateBody("ORDER_SHIPPED")
	delete(update, "landingUrl")
	update["title"] = "새 제목"
	status, body = inst.Do(t, http.MethodPut, path, update, idem("u1"))
	tmpl = nil
	success(t, status, body, &tmpl)
	if tmpl["title"] != "새 제목" || tmpl["reviewStatus"] != "IN_REVIEW" {
		t.Errorf("after PUT: %v", tmpl)
	}
	if _, has := tmpl["landingUrl"]; has {
		t.Error("an omitted optional field must be absent, not null")
	}
	inst.DecideReview(t, "push-templates", "demo-app-ORDER_SHIPPED", "REJECTED", "문구를 수정해 주세요")
	status, body = inst.GetRaw(t, path)
	success(t, status, body, &tmpl)
	sameShape(t, "catalog-push-templates-get-rejected.json", body, "success.landingUrl")
	if tmpl["reviewComment"] != "문구를 수정해 주세요" {
		t.Errorf("reviewComment: %v", tmpl)
	}

	// The code in the path is fixed.
	update["code"] = "OTHER_CODE"
	status, body = inst.Do(t, http.MethodPut, path, update, idem("u2"))
	invalidField(t, status, body, "code")

	status, body = inst.Do(t, http.MethodDelete, path, nil, idem("d1"))
	success(t, status, body, nil)
	status, body = inst.GetRaw(t, path)
	failure(t, status, body, http.StatusNotFound, "NOT_FOUND")
	sameShape(t, "catalog-common-not-found.json", body)
	status, body = inst.Do(t, http.MethodDelete, path, nil, idem("d2"))
	failure(t, status, body, http.StatusNotFound, "NOT_FOUND")
}

func TestPushTemplateValidation(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	cases := []struct {
		field string
		edit  func(map[string]any)
	}{
		{"code", func(b map[string]any) { b["code"] = "lower_case" }},
		{"code", func(b map[string]any) { b["code"] = "A" }},
		{"name", func(b map[string]any) { b["name"] = "" }},
		{"body", func(b map[string]any) { delete(b, "body") }},
		{"landingUrl", func(b map[string]any) { b["landingUrl"] = "https://example.com" }},
		{"agreementRequired", func(b map[string]any) { b["agreementRequired"] = "yes" }},
	}
	for i, tc := range cases {
		b := templateBody("VALID_CODE")
		tc.edit(b)
		resp, err := inst.RawDo(t, http.MethodPost, catalog+"/push-templates", b, idem("v"+string(rune('a'+i))))
		if err != nil {
			t.Fatal(err)
		}
		invalidField(t, resp.Status, resp.Body, tc.field)
	}
	// Unknown fields are tolerated by the server (the contract, being strict, is bypassed).
	b := templateBody("WITH_EXTRA")
	b["futureField"] = 1
	resp, err := inst.RawDo(t, http.MethodPost, catalog+"/push-templates", b, idem("extra"))
	if err != nil {
		t.Fatal(err)
	}
	success(t, resp.Status, resp.Body, nil)
}

func TestCatalogListPaging(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	status, body := inst.GetRaw(t, catalog+"/push-templates")
	success(t, status, body, nil)
	sameShape(t, "catalog-push-templates-list-empty.json", body)

	for _, code := range []string{"AAA", "BBB", "CCC", "DDD", "EEE"} {
		st, b := inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody(code), idem(code))
		success(t, st, b, nil)
	}
	var page struct {
		Contents []struct {
			Code string `json:"code"`
		} `json:"contents"`
		TotalPage   int `json:"totalPage"`
		CurrentPage int `json:"currentPage"`
	}
	status, body = inst.GetRaw(t, catalog+"/push-templates?page=1&size=2")
	success(t, status, body, &page)
	if page.TotalPage != 3 || page.CurrentPage != 1 || len(page.Contents) != 2 || page.Contents[0].Code != "CCC" {
		t.Errorf("page 1 of size 2: %+v", page)
	}
	status, body = inst.GetRaw(t, catalog+"/push-templates")
	success(t, status, body, &page)
	if len(page.Contents) != 5 || page.TotalPage != 1 {
		t.Errorf("default page: %+v", page)
	}
	resp, err := inst.RawDo(t, http.MethodGet, catalog+"/push-templates?size=101", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	invalidField(t, resp.Status, resp.Body, "size")
}
