package emulator_test

import (
	"net/http"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func TestAdminSurface(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	var health map[string]any
	inst.Admin(t, http.MethodGet, "health", nil, &health)
	if health["status"] != "ok" || health["app"] != "demo-app" {
		t.Errorf("health: %v", health)
	}

	var secrets struct{ DecryptionKey, AAD string }
	inst.Admin(t, http.MethodGet, "apps/demo-app/secrets", nil, &secrets)
	key, aad := inst.LoginSecrets("demo-app")
	if secrets.DecryptionKey != key || secrets.AAD != aad {
		t.Error("the admin secrets differ from login-secrets.json")
	}

	// A payment can only be approved from PAY_STANDBY; unknown ones are 404.
	userKey, _ := inst.SeedUser(t, nil)
	inst.CreatePayment(t, emulator.PaymentSpec{UserKey: userKey, OrderNo: "adm-1", ProductDesc: "x", Amount: 100,
		IsTestPayment: true, Status: "PAY_COMPLETE"})
	if st, b := inst.Do(t, http.MethodPost, "/_emulator/payments/adm-1/approve", nil, nil); st != http.StatusConflict {
		t.Errorf("approving a completed payment: %d %s", st, b)
	}
	if st, b := inst.Do(t, http.MethodPost, "/_emulator/payments/nope/approve", nil, nil); st != http.StatusNotFound {
		t.Errorf("approving an unknown payment: %d %s", st, b)
	}
	// A payment for a user the app does not know is refused.
	if st, b := inst.Do(t, http.MethodPost, "/_emulator/payments", map[string]any{"userKey": 1, "orderNo": "adm-2",
		"productDesc": "x", "amount": 100, "amountTaxFree": 0, "isTestPayment": true}, nil); st != http.StatusBadRequest {
		t.Errorf("payment for an unknown user: %d %s", st, b)
	}
	// Another app cannot move this app's orders.
	orderID := inst.CreateIAPOrder(t, userKey, "sku", "ORDER_IN_PROGRESS")
	if st, b := inst.DoAs(t, inst.OtherAppCertFile, inst.OtherAppKeyFile, http.MethodPost, "/_emulator/iap-orders/"+orderID+"/status",
		map[string]any{"status": "PURCHASED"}, nil); st != http.StatusNotFound {
		t.Errorf("other app moved the order: %d %s", st, b)
	}
}

func TestDeleteOutOfBandRemovesAnyKind(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	st, b := inst.Do(t, http.MethodPost, catalog+"/promotions", promotionBody(100, 10, 10), idem("p"))
	var p promotionView
	success(t, st, b, &p)
	st, b = inst.Do(t, http.MethodPost, catalog+"/iap-products", consumableBody(), idem("i"))
	var product productView
	success(t, st, b, &product)

	inst.DeleteOutOfBand(t, "promotions", p.PromotionCode)
	inst.DeleteOutOfBand(t, "iap-products", product.ProductID)
	for _, path := range []string{catalog + "/promotions/" + p.PromotionCode, catalog + "/iap-products/" + product.ProductID} {
		st, b := inst.GetRaw(t, path)
		failure(t, st, b, http.StatusNotFound, "NOT_FOUND")
	}
}
