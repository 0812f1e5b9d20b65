package emulator_test

import (
	"net/http"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// createTemplate registers a push template and returns its templateSetCode.
func createTemplate(t *testing.T, inst *emulatortest.Instance, code string, agreementRequired bool) string {
	t.Helper()
	status, body := inst.Do(t, http.MethodPost, catalog+"/push-templates", map[string]any{
		"code": code, "name": "배송 알림", "title": "출발했어요", "body": "{{userName}}님, {{productName}} 배송 시작",
		"landingUrl": "intoss://demo-app/orders", "agreementRequired": agreementRequired,
	}, idem("tmpl-"+code))
	var out struct{ TemplateSetCode string }
	success(t, status, body, &out)
	return out.TemplateSetCode
}

func TestSendMessageToOneUser(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	code := createTemplate(t, inst, "ORDER_SHIPPED", false)

	status, body := inst.Do(t, http.MethodPost, partner+"/messenger/send-message",
		map[string]any{"templateSetCode": code, "context": map[string]any{"productName": "우산"}}, userHeader(userKey))
	success(t, status, body, nil)
	sameShape(t, "messenger-send-message-success.json", body)

	status, body = inst.Do(t, http.MethodPost, partner+"/messenger/send-test-message",
		map[string]any{"templateSetCode": code, "deploymentId": "019abfe8-fd68-7021-9cdc-30d6053cc009", "context": map[string]any{}},
		userHeader(userKey))
	success(t, status, body, nil)
	sameShape(t, "messenger-send-test-message-success.json", body)
}

func TestSendMessageErrors(t *testing.T) {
	inst := start(t, emulator.Config{ReviewMode: emulator.ReviewManual})
	userKey, _ := inst.SeedUser(t, nil)
	refuser, _ := inst.SeedUser(t, map[string]any{"notificationAgreed": false})
	pending := createTemplate(t, inst, "PENDING_COPY", false)

	// Unknown template: bad request data.
	status, body := inst.Do(t, http.MethodPost, partner+"/messenger/send-message",
		map[string]any{"templateSetCode": "demo-app-NOPE", "context": map[string]any{}}, userHeader(userKey))
	invalidField(t, status, body, "templateSetCode")
	// Copy not approved: no permission, not even for a test message.
	status, body = inst.Do(t, http.MethodPost, partner+"/messenger/send-test-message",
		map[string]any{"templateSetCode": pending, "deploymentId": "019abfe8-fd68-7021-9cdc-30d6053cc009", "context": map[string]any{}},
		userHeader(userKey))
	failure(t, status, body, http.StatusForbidden, "FORBIDDEN")
	// A user who did not agree, on a template that needs agreement.
	agreed := createTemplate(t, inst, "RESTOCK_ALERT", true)
	inst.DecideReview(t, "push-templates", agreed, "APPROVED", "")
	status, body = inst.Do(t, http.MethodPost, partner+"/messenger/send-message",
		map[string]any{"templateSetCode": agreed, "context": map[string]any{}}, userHeader(refuser))
	failure(t, status, body, http.StatusForbidden, "FORBIDDEN")
	// A user the app does not know: 401.
	status, body = inst.Do(t, http.MethodPost, partner+"/messenger/send-message",
		map[string]any{"templateSetCode": agreed, "context": map[string]any{}}, userHeader(111111111))
	failure(t, status, body, http.StatusUnauthorized, "USER_NOT_FOUND")
	// A test message needs a bundle UUID.
	status, body = inst.Do(t, http.MethodPost, partner+"/messenger/send-test-message",
		map[string]any{"templateSetCode": agreed, "deploymentId": "not-a-uuid", "context": map[string]any{}}, userHeader(userKey))
	invalidField(t, status, body, "deploymentId")
}

func TestSendBulkMessageCountsAndFailures(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	a, _ := inst.SeedUser(t, nil)
	_, anonB := inst.SeedUserWithAnonKey(t, nil)
	refuser, _ := inst.SeedUser(t, map[string]any{"notificationAgreed": false})
	code := createTemplate(t, inst, "RESTOCK_ALERT", true)

	status, body := inst.Do(t, http.MethodPost, partner+"/messenger/send-bulk-message", map[string]any{
		"templateSetCode": code,
		"contextList": []map[string]any{
			{"userKey": a, "context": map[string]any{"productName": "우산"}},
			{"anonKey": anonB, "context": map[string]any{}},
			{"userKey": refuser, "context": map[string]any{}},
		},
	}, nil)
	var out struct {
		MsgCount      int `json:"msgCount"`
		SentPushCount int `json:"sentPushCount"`
		Fail          struct {
			SentPush []struct{ ReachedFailReason string } `json:"sentPush"`
		} `json:"fail"`
	}
	success(t, status, body, &out)
	sameShape(t, "messenger-send-bulk-message-success.json", body)
	if out.MsgCount != 3 || out.SentPushCount != 2 || len(out.Fail.SentPush) != 1 || out.Fail.SentPush[0].ReachedFailReason != "NOT_AGREED" {
		t.Errorf("counts: %+v", out)
	}

	// 0 and 2,501 recipients are refused (sent raw: the contract refuses them too).
	for _, n := range []int{0, 2501} {
		list := make([]map[string]any, n)
		for i := range list {
			list[i] = map[string]any{"userKey": a, "context": map[string]any{}}
		}
		resp, err := inst.RawDo(t, http.MethodPost, partner+"/messenger/send-bulk-message",
			map[string]any{"templateSetCode": code, "contextList": list}, nil)
		if err != nil {
			t.Fatal(err)
		}
		invalidField(t, resp.Status, resp.Body, "contextList")
	}
	// 2,500 is the documented maximum.
	list := make([]map[string]any, 2500)
	for i := range list {
		list[i] = map[string]any{"userKey": a, "context": map[string]any{}}
	}
	status, body = inst.Do(t, http.MethodPost, partner+"/messenger/send-bulk-message",
		map[string]any{"templateSetCode": code, "contextList": list}, nil)
	success(t, status, body, &out)
	if out.MsgCount != 2500 || out.SentPushCount != 2500 {
		t.Errorf("2,500 recipients: %+v", out.MsgCount)
	}
}
