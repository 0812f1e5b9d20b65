package resources_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

const payPath = "/api-partner/v1/apps-in-toss/pay/"

// payCall is what the partner's own server does: a Toss Pay call for the buyer. It fails the test
// unless Apps in Toss answers SUCCESS, and returns the payload.
func payCall(t *testing.T, inst *emulatortest.Instance, userKey int64, op string, body map[string]any) map[string]any {
	t.Helper()
	status, raw := inst.Do(t, http.MethodPost, payPath+op, body, map[string]string{"x-toss-user-key": strconv.FormatInt(userKey, 10)})
	var env struct {
		ResultType string         `json:"resultType"`
		Success    map[string]any `json:"success"`
	}
	if status != http.StatusOK || json.Unmarshal(raw, &env) != nil || env.ResultType != "SUCCESS" {
		t.Fatalf("%s: HTTP %d: %s", op, status, raw)
	}
	return env.Success
}

// driveToss takes a new test payment as far as stage: "made", "approved", "executed", "refunded",
// through the same calls a partner's server and the buyer make.
func driveToss(t *testing.T, inst *emulatortest.Instance, userKey int64, orderNo string, amount int64, stage string) {
	t.Helper()
	made := payCall(t, inst, userKey, "make-payment", map[string]any{"orderNo": orderNo, "productDesc": "테스트 상품",
		"amount": amount, "amountTaxFree": 0, "isTestPayment": true})
	payToken, _ := made["payToken"].(string)
	if stage == "made" {
		return
	}
	inst.ApprovePayment(t, orderNo) // the buyer authenticates in checkoutPayment()
	if stage == "approved" {
		return
	}
	payCall(t, inst, userKey, "execute-payment", map[string]any{"payToken": payToken, "orderNo": orderNo, "isTestPayment": true})
	if stage == "executed" {
		return
	}
	payCall(t, inst, userKey, "refund-payment", map[string]any{"payToken": payToken, "reason": "고객 요청", "isTestPayment": true})
}

// frozenPayTime is the emulator's fixed clock (emulatortest.NewClock's default start) as Toss
// Pay writes times: KST, no zone.
const frozenPayTime = "2026-01-02 12:04:05"

// uuidV7 matches a transaction id: random, so only its shape is known.
var uuidV7 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func paymentBlock(name, orderNo string, userKey int64, extra string) string {
	return fmt.Sprintf(`
data "appsintoss_payment" %q {
  order_no        = %q
  user_key        = %d
  is_test_payment = true
  %s
}
`, name, orderNo, userKey, extra)
}

// TestAccPayment_everyStatus reaches all nine documented statuses: four by driving a payment
// through make → approve → execute → refund, the five the emulator cannot reach by API
// (cancellation, in-flight and settlement states) by seeding. The emulator's clock stands still,
// so every timestamp is known: 2026-01-02 03:04:05 UTC, which Toss Pay writes in KST.
func TestAccPayment_everyStatus(t *testing.T) {
	t.Parallel()
	inst := acctest.StartEmulator(t, emulator.Config{Now: emulatortest.NewClock(time.Time{}).Now})
	userKey, _ := inst.SeedUser(t, nil)

	driven := map[string]string{"made": "PAY_STANDBY", "approved": "PAY_APPROVED", "executed": "PAY_COMPLETE", "refunded": "REFUND_SUCCESS"}
	var config strings.Builder
	config.WriteString(runtimeProvider(inst))
	checks := []statecheck.StateCheck{}
	for stage, status := range driven {
		orderNo := "order-" + stage
		driveToss(t, inst, userKey, orderNo, 3000, stage)
		config.WriteString(paymentBlock(stage, orderNo, userKey, ""))
		checks = append(checks, statecheck.ExpectKnownValue("data.appsintoss_payment."+stage, tfjsonpath.New("pay_status"), knownvalue.StringExact(status)))
	}
	for _, status := range []string{"PAY_CANCEL", "PAY_PROGRESS", "REFUND_PROGRESS", "SETTLEMENT_COMPLETE", "SETTLEMENT_REFUND_COMPLETE"} {
		orderNo := "seeded-" + strings.ToLower(status)
		inst.CreatePayment(t, emulator.PaymentSpec{UserKey: userKey, OrderNo: orderNo, ProductDesc: "시드 상품",
			Amount: 1000, IsTestPayment: true, PayMethod: "CARD", Status: status})
		name := strings.ToLower(status)
		config.WriteString(paymentBlock(name, orderNo, userKey, ""))
		checks = append(checks, statecheck.ExpectKnownValue("data.appsintoss_payment."+name, tfjsonpath.New("pay_status"), knownvalue.StringExact(status)))
	}

	standby, complete, refunded := "data.appsintoss_payment.made", "data.appsintoss_payment.executed", "data.appsintoss_payment.refunded"
	checks = append(checks,
		// Nothing paid yet.
		statecheck.ExpectKnownValue(standby, tfjsonpath.New("mode"), knownvalue.StringExact("TEST")),
		statecheck.ExpectKnownValue(standby, tfjsonpath.New("amount"), knownvalue.Int64Exact(3000)),
		statecheck.ExpectKnownValue(standby, tfjsonpath.New("pay_method"), knownvalue.Null()),
		statecheck.ExpectKnownValue(standby, tfjsonpath.New("paid_at"), knownvalue.Null()),
		statecheck.ExpectKnownValue(standby, tfjsonpath.New("created_at"), knownvalue.StringExact(frozenPayTime)),
		statecheck.ExpectKnownValue(standby, tfjsonpath.New("transactions"), knownvalue.ListSizeExact(0)),
		// Paid.
		statecheck.ExpectKnownValue(complete, tfjsonpath.New("paid_amount"), knownvalue.Int64Exact(3000)),
		statecheck.ExpectKnownValue(complete, tfjsonpath.New("refundable_amount"), knownvalue.Int64Exact(3000)),
		statecheck.ExpectKnownValue(complete, tfjsonpath.New("discounted_amount"), knownvalue.Int64Exact(0)),
		statecheck.ExpectKnownValue(complete, tfjsonpath.New("pay_method"), knownvalue.StringExact("TOSS_MONEY")),
		statecheck.ExpectKnownValue(complete, tfjsonpath.New("paid_at"), knownvalue.StringExact(frozenPayTime)),
		statecheck.ExpectKnownValue(complete, tfjsonpath.New("transactions"), knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"step_type": knownvalue.StringExact("PAY"), "transaction_amount": knownvalue.Int64Exact(3000),
				"paid_amount": knownvalue.Int64Exact(3000), "transaction_id": knownvalue.StringRegexp(uuidV7),
				"registered_at": knownvalue.StringExact(frozenPayTime),
			}),
		})),
		// Refunded: a PAY and a negative REFUND step, nothing left to refund.
		statecheck.ExpectKnownValue(refunded, tfjsonpath.New("refundable_amount"), knownvalue.Int64Exact(0)),
		statecheck.ExpectKnownValue(refunded, tfjsonpath.New("transactions"), knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"step_type": knownvalue.StringExact("PAY"), "transaction_amount": knownvalue.Int64Exact(3000)}),
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"step_type": knownvalue.StringExact("REFUND"), "transaction_amount": knownvalue.Int64Exact(-3000)}),
		})),
		statecheck.ExpectKnownValue("data.appsintoss_payment.settlement_complete", tfjsonpath.New("pay_method"), knownvalue.StringExact("CARD")),
	)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config.String(), ConfigStateChecks: checks}},
	})
}

func TestAccPayment_livePaymentWithPayToken(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	userKey, _ := inst.SeedUser(t, nil)
	payToken := inst.CreatePayment(t, emulator.PaymentSpec{UserKey: userKey, OrderNo: "live-1", ProductDesc: "라이브",
		Amount: 12000, Status: "PAY_COMPLETE"})
	const addr = "data.appsintoss_payment.live"

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// is_test_payment left out: it defaults to false, as for a live payment.
			Config: runtimeProvider(inst) + fmt.Sprintf(`
data "appsintoss_payment" "live" {
  order_no  = "live-1"
  user_key  = %d
  pay_token = %q
}
`, userKey, payToken),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_test_payment"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("mode"), knownvalue.StringExact("LIVE")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("pay_status"), knownvalue.StringExact("PAY_COMPLETE")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("amount"), knownvalue.Int64Exact(12000)),
				statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("pay_token")),
			},
		}},
	})
}

func TestAccPayment_errors(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	userKey, _ := inst.SeedUser(t, nil)
	otherUser, _ := inst.SeedUser(t, nil)
	driveToss(t, inst, userKey, "exists-1", 500, "made")

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      runtimeProvider(inst) + paymentBlock("p", "never-made", userKey, ""),
				ExpectError: regexp.MustCompile(`(?s)Payment not found.*no test payment with order_no "never-made".*errorCode\s+NOT_FOUND`),
			},
			{
				// Made in test mode, asked for as live.
				Config: runtimeProvider(inst) + fmt.Sprintf(`
data "appsintoss_payment" "p" {
  order_no = "exists-1"
  user_key = %d
}
`, userKey),
				ExpectError: regexp.MustCompile(`(?s)refused the payment lookup.*is_test_payment.*errorCode\s+INVALID_PARAMETER`),
			},
			{
				// Another buyer's payment.
				Config:      runtimeProvider(inst) + paymentBlock("p", "exists-1", otherUser, ""),
				ExpectError: regexp.MustCompile(`(?s)refused the payment lookup.*user_key.*INVALID_PARAMETER`),
			},
			{
				Config:      runtimeProvider(inst) + paymentBlock("p", "bad order/no", userKey, ""),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Value Match.*order_no.*_-:.\^@`),
			},
			{
				Config:      runtimeProvider(inst) + paymentBlock("p", "exists-1", 0, ""),
				ExpectError: regexp.MustCompile(`(?s)user_key.*between 1 and 9007199254740991`),
			},
		},
	})
}

// TestAccRuntimeSmoke is the black-box run: a fresh emulator seeded with a user, a payment
// and an IAP order; the real Terraform CLI reads back the user's user_key, the payment's status
// and amount, the order's status and sku, NOT_FOUND for an unknown order — and, with no login
// decryption key configured, nothing personal lands in the state.
func TestAccRuntimeSmoke(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	userKey, code := inst.SeedUser(t, hong)
	access, _ := inst.LoginTokens(t, code)
	inst.CreatePayment(t, emulator.PaymentSpec{UserKey: userKey, OrderNo: "smoke-order-1", ProductDesc: "스모크 테스트",
		Amount: 4900, IsTestPayment: true, Status: "PAY_COMPLETE"})
	orderID := inst.CreateIAPOrder(t, userKey, testSKU, "PURCHASED")

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: runtimeProvider(inst) + fmt.Sprintf(`
data "appsintoss_login_user" "tester" {
  access_token = %q
}

data "appsintoss_payment" "smoke" {
  order_no        = "smoke-order-1"
  user_key        = data.appsintoss_login_user.tester.user_key
  is_test_payment = true
}

data "appsintoss_iap_order" "bought" {
  order_id = %q
  user_key = data.appsintoss_login_user.tester.user_key
}

data "appsintoss_iap_order" "unknown" {
  order_id = "0198f2a4-ffff-7fff-8fff-ffffffffffff"
}
`, access, orderID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.appsintoss_login_user.tester", tfjsonpath.New("user_key"), knownvalue.Int64Exact(userKey)),
				statecheck.ExpectKnownValue("data.appsintoss_payment.smoke", tfjsonpath.New("pay_status"), knownvalue.StringExact("PAY_COMPLETE")),
				statecheck.ExpectKnownValue("data.appsintoss_payment.smoke", tfjsonpath.New("amount"), knownvalue.Int64Exact(4900)),
				statecheck.ExpectKnownValue("data.appsintoss_iap_order.bought", tfjsonpath.New("status"), knownvalue.StringExact("PURCHASED")),
				statecheck.ExpectKnownValue("data.appsintoss_iap_order.bought", tfjsonpath.New("sku"), knownvalue.StringExact(testSKU)),
				statecheck.ExpectKnownValue("data.appsintoss_iap_order.unknown", tfjsonpath.New("status"), knownvalue.StringExact("NOT_FOUND")),
				stateLacks(hongPersonalValues),
			},
		}},
	})
}
