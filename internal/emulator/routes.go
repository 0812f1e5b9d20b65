package emulator

import "net/http"

// routes is the whole surface in one place. It also records every partner and catalog pattern
// in e.apiRoutes, so that a fault spec can be checked against the routes that exist.
func (e *Emulator) routes() *http.ServeMux {
	m := http.NewServeMux()
	p, cat, adm := partnerPrefix, catalogPrefix, "/_emulator"
	handle := func(pattern string, h http.HandlerFunc) {
		m.HandleFunc(pattern, h)
		e.apiRoutes.patterns = append(e.apiRoutes.patterns, pattern)
	}

	// Toss login (reference §2).
	handle("POST "+p+"/user/oauth2/generate-token", e.partner(e.generateToken))
	handle("POST "+p+"/user/oauth2/refresh-token", e.partner(e.refreshToken))
	handle("GET "+p+"/user/oauth2/login-me", e.partner(e.loginMe))
	handle("POST "+p+"/user/oauth2/access/remove-by-access-token", e.partner(e.removeByAccessToken))
	handle("POST "+p+"/user/oauth2/access/remove-by-user-key", e.partner(e.removeByUserKey))

	// Toss Pay (reference §3), the pay-apps-in-toss-api host.
	handle("POST "+p+"/pay/make-payment", e.partner(e.makePayment))
	handle("POST "+p+"/pay/execute-payment", e.partner(e.executePayment))
	handle("POST "+p+"/pay/refund-payment", e.partner(e.refundPayment))
	handle("POST "+p+"/pay/get-payment-status", e.partner(e.getPaymentStatus))

	// In-app purchase order status (reference §4.1).
	handle("POST "+p+"/order/get-order-status", e.partner(e.getOrderStatus))

	// Smart messages (reference §5).
	handle("POST "+p+"/messenger/send-message", e.partner(e.sendMessage))
	handle("POST "+p+"/messenger/send-test-message", e.partner(e.sendTestMessage))
	handle("POST "+p+"/messenger/send-bulk-message", e.partner(e.sendBulkMessage))

	// Promotion (reference §6).
	handle("POST "+p+"/promotion/execute-promotion/get-key", e.partner(e.getPromotionKey))
	handle("POST "+p+"/promotion/execute-promotion", e.partner(e.executePromotion))
	handle("POST "+p+"/promotion/execution-result", e.partner(e.executionResult))

	// Anonymous key (reference §7.1).
	handle("POST "+p+"/users/anon-key/verify", e.partner(e.verifyAnonKey))

	// The catalog contract (design.md).
	handle("GET "+cat+"/push-templates", e.partner(e.listPushTemplates))
	handle("POST "+cat+"/push-templates", e.catalogMutation(e.createPushTemplate))
	handle("GET "+cat+"/push-templates/{templateSetCode}", e.partner(e.getPushTemplate))
	handle("PUT "+cat+"/push-templates/{templateSetCode}", e.catalogMutation(e.updatePushTemplate))
	handle("DELETE "+cat+"/push-templates/{templateSetCode}", e.catalogMutation(e.deletePushTemplate))

	handle("GET "+cat+"/promotions", e.partner(e.listPromotions))
	handle("POST "+cat+"/promotions", e.catalogMutation(e.createPromotion))
	handle("GET "+cat+"/promotions/{promotionCode}", e.partner(e.getPromotion))
	handle("PUT "+cat+"/promotions/{promotionCode}", e.catalogMutation(e.updatePromotion))
	handle("DELETE "+cat+"/promotions/{promotionCode}", e.catalogMutation(e.deletePromotion))
	handle("POST "+cat+"/promotions/{promotionCode}/status", e.catalogMutation(e.changePromotionStatus))

	handle("GET "+cat+"/iap-products", e.partner(e.listIAPProducts))
	handle("POST "+cat+"/iap-products", e.catalogMutation(e.createIAPProduct))
	handle("GET "+cat+"/iap-products/{productId}", e.partner(e.getIAPProduct))
	handle("PUT "+cat+"/iap-products/{productId}", e.catalogMutation(e.updateIAPProduct))
	handle("DELETE "+cat+"/iap-products/{productId}", e.catalogMutation(e.deleteIAPProduct))
	handle("PUT "+cat+"/iap-products/{productId}/status/{status}", e.catalogMutation(e.changeIAPProductStatus))

	// Admin surface: plain JSON, never faulted or rate limited.
	m.HandleFunc("GET "+adm+"/health", e.admin(e.adminHealth))
	m.HandleFunc("POST "+adm+"/users", e.admin(e.adminCreateUser))
	m.HandleFunc("POST "+adm+"/users/{userKey}/authorization-codes", e.admin(e.adminNewAuthorizationCode))
	m.HandleFunc("POST "+adm+"/users/{userKey}/unlink", e.admin(e.adminUnlinkUser))
	m.HandleFunc("POST "+adm+"/payments", e.admin(e.adminCreatePayment))
	m.HandleFunc("POST "+adm+"/payments/{orderNo}/approve", e.admin(e.adminApprovePayment))
	m.HandleFunc("POST "+adm+"/payments/{orderNo}/complete", e.admin(e.adminCompletePayment))
	m.HandleFunc("GET "+adm+"/payment-holds", e.admin(e.adminGetPayHolds))
	m.HandleFunc("POST "+adm+"/payment-holds", e.admin(e.adminSetPayHolds))
	m.HandleFunc("POST "+adm+"/iap-orders", e.admin(e.adminCreateIAPOrder))
	m.HandleFunc("POST "+adm+"/iap-orders/{orderId}/status", e.admin(e.adminSetIAPOrderStatus))
	m.HandleFunc("POST "+adm+"/iap-orders/{orderId}/subscription-events", e.admin(e.adminSubscriptionEvent))
	m.HandleFunc("POST "+adm+"/subscription-webhook/verification", e.admin(e.adminVerifySubscriptionWebhook))
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
