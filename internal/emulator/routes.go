package emulator

import "net/http"

// routes is the whole surface in one place. Both partner hosts (apps-in-toss-api and
// pay-apps-in-toss-api) are served on one address and told apart by path alone, as their paths
// never collide.
func (e *Emulator) routes() *http.ServeMux {
	m := http.NewServeMux()
	p, cat, adm := partnerPrefix, catalogPrefix, "/_emulator"

	// Toss login (reference §2).
	m.HandleFunc("POST "+p+"/user/oauth2/generate-token", e.partner(e.generateToken))
	m.HandleFunc("POST "+p+"/user/oauth2/refresh-token", e.partner(e.refreshToken))
	m.HandleFunc("GET "+p+"/user/oauth2/login-me", e.partner(e.loginMe))
	m.HandleFunc("POST "+p+"/user/oauth2/access/remove-by-access-token", e.partner(e.removeByAccessToken))
	m.HandleFunc("POST "+p+"/user/oauth2/access/remove-by-user-key", e.partner(e.removeByUserKey))

	// Toss Pay (reference §3), the pay-apps-in-toss-api host.
	m.HandleFunc("POST "+p+"/pay/make-payment", e.partner(e.makePayment))
	m.HandleFunc("POST "+p+"/pay/execute-payment", e.partner(e.executePayment))
	m.HandleFunc("POST "+p+"/pay/refund-payment", e.partner(e.refundPayment))
	m.HandleFunc("POST "+p+"/pay/get-payment-status", e.partner(e.getPaymentStatus))

	// In-app purchase order status (reference §4.1).
	m.HandleFunc("POST "+p+"/order/get-order-status", e.partner(e.getOrderStatus))

	// Smart messages (reference §5).
	m.HandleFunc("POST "+p+"/messenger/send-message", e.partner(e.sendMessage))
	m.HandleFunc("POST "+p+"/messenger/send-test-message", e.partner(e.sendTestMessage))
	m.HandleFunc("POST "+p+"/messenger/send-bulk-message", e.partner(e.sendBulkMessage))

	// Promotion (reference §6).
	m.HandleFunc("POST "+p+"/promotion/execute-promotion/get-key", e.partner(e.getPromotionKey))
	m.HandleFunc("POST "+p+"/promotion/execute-promotion", e.partner(e.executePromotion))
	m.HandleFunc("POST "+p+"/promotion/execution-result", e.partner(e.executionResult))

	// Anonymous key (reference §7.1).
	m.HandleFunc("POST "+p+"/users/anon-key/verify", e.partner(e.verifyAnonKey))

	// The catalog contract (design.md).
	m.HandleFunc("GET "+cat+"/push-templates", e.partner(e.listPushTemplates))
	m.HandleFunc("POST "+cat+"/push-templates", e.catalogMutation(e.createPushTemplate))
	m.HandleFunc("GET "+cat+"/push-templates/{templateSetCode}", e.partner(e.getPushTemplate))
	m.HandleFunc("PUT "+cat+"/push-templates/{templateSetCode}", e.catalogMutation(e.updatePushTemplate))
	m.HandleFunc("DELETE "+cat+"/push-templates/{templateSetCode}", e.catalogMutation(e.deletePushTemplate))

	m.HandleFunc("GET "+cat+"/promotions", e.partner(e.listPromotions))
	m.HandleFunc("POST "+cat+"/promotions", e.catalogMutation(e.createPromotion))
	m.HandleFunc("GET "+cat+"/promotions/{promotionCode}", e.partner(e.getPromotion))
	m.HandleFunc("PUT "+cat+"/promotions/{promotionCode}", e.catalogMutation(e.updatePromotion))
	m.HandleFunc("DELETE "+cat+"/promotions/{promotionCode}", e.catalogMutation(e.deletePromotion))
	m.HandleFunc("POST "+cat+"/promotions/{promotionCode}/status", e.catalogMutation(e.changePromotionStatus))

	m.HandleFunc("GET "+cat+"/iap-products", e.partner(e.listIAPProducts))
	m.HandleFunc("POST "+cat+"/iap-products", e.catalogMutation(e.createIAPProduct))
	m.HandleFunc("GET "+cat+"/iap-products/{productId}", e.partner(e.getIAPProduct))
	m.HandleFunc("PUT "+cat+"/iap-products/{productId}", e.catalogMutation(e.updateIAPProduct))
	m.HandleFunc("DELETE "+cat+"/iap-products/{productId}", e.catalogMutation(e.deleteIAPProduct))
	m.HandleFunc("PUT "+cat+"/iap-products/{productId}/status/{status}", e.catalogMutation(e.changeIAPProductStatus))

	// Admin surface: plain JSON, never faulted or rate limited.
	m.HandleFunc("GET "+adm+"/health", e.admin(e.adminHealth))
	m.HandleFunc("POST "+adm+"/users", e.admin(e.adminCreateUser))
	m.HandleFunc("POST "+adm+"/users/{userKey}/authorization-codes", e.admin(e.adminNewAuthorizationCode))
	m.HandleFunc("POST "+adm+"/payments", e.admin(e.adminCreatePayment))
	m.HandleFunc("POST "+adm+"/payments/{orderNo}/approve", e.admin(e.adminApprovePayment))
	m.HandleFunc("POST "+adm+"/iap-orders", e.admin(e.adminCreateIAPOrder))
	m.HandleFunc("POST "+adm+"/iap-orders/{orderId}/status", e.admin(e.adminSetIAPOrderStatus))
	m.HandleFunc("POST "+adm+"/reviews/{kind}/{id}", e.admin(e.adminDecideReview))
	m.HandleFunc("DELETE "+adm+"/catalog/{kind}/{id}", e.admin(e.adminDeleteOutOfBand))
	m.HandleFunc("GET "+adm+"/faults", e.admin(e.adminGetFaults))
	m.HandleFunc("POST "+adm+"/faults", e.admin(e.adminSetFaults))
	m.HandleFunc("DELETE "+adm+"/faults", e.admin(e.adminClearFaults))
	m.HandleFunc("GET "+adm+"/stats", e.admin(e.adminStats))
	m.HandleFunc("GET "+adm+"/apps/{app}/secrets", e.admin(e.adminSecrets))
	m.HandleFunc("POST "+adm+"/console/tokens", e.admin(e.adminConsoleTokens))
	m.HandleFunc("POST "+adm+"/console/revoke", e.admin(e.adminConsoleRevoke))
	m.HandleFunc(adm+"/", e.admin(e.notFoundRoute))

	m.HandleFunc("/", e.partner(e.notFoundRoute))
	return m
}
