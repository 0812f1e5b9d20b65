// Package emulator is a local, faithful Apps in Toss partner API over mTLS — login, Toss Pay, IAP
// order status, smart messages, promotion grants, anonymous-key verify — plus the project's
// catalog contract (push templates, promotions, IAP products) and an admin surface for tests.
// It is what every acceptance test and `make demo` talk to; the provider's client never imports
// it, and both are held to api/openapi.yaml.
//
// # Running it
//
// As a program (cmd/appsintoss-emulator):
//
//	appsintoss-emulator certs --out ./certs            # CA, server, client, client2, other-app, login-secrets.json
//	appsintoss-emulator serve --certs ./certs --addr 127.0.0.1:8443 --state state.json --seed seed.json \
//	    --env-file emulator.env                        # the provider's APPSINTOSS_* variables, once listening
//	curl --cacert certs/ca.pem --cert certs/client.pem --key certs/client-key.pem \
//	     https://127.0.0.1:8443/_emulator/health
//
// Seed files follow api/seed.schema.json (LoadSeed checks them against it).
//
// In a Go test, package emulatortest starts one per test with fresh certificates:
//
//	inst := emulatortest.Start(t, emulator.DefaultConfig())
//	userKey, code := inst.SeedUser(t, map[string]any{"name": "홍길동"})
//
// In a program: WriteCerts (or WriteCertsWith, for the production host names), New(cfg, certDir),
// Serve(listener) — or ServeAPI and ServePay on two listeners — VerifySubscriptionWebhook(ctx)
// once listening, Shutdown(ctx).
//
// # Identity and transport
//
// TLS 1.2+ with tls.RequireAndVerifyClientCert against ca.pem: no certificate, or one from
// another CA, fails the handshake. The mini-app is the client certificate's CN; any CN the CA
// signed is an app, and apps never see each other's data. Serve answers both API hosts on one
// address (their paths never collide); ServeAPI and ServePay split them as production does, and
// then each answers the other's paths with the 404 of an unknown path. The admin surface is on
// every listener. HTTP/1.1 only, so connection faults can hijack the
// connection. Bodies over 1 MiB are 413 PAYLOAD_TOO_LARGE; malformed JSON and wrong types are
// 400 INVALID_PARAMETER naming the field in error.data.field; unknown fields are tolerated.
// One log line per request (method, path, status, app, duration) and nothing else: never
// tokens, keys, personal data or bodies.
//
// # Partner endpoints (prefix /api-partner/v1/apps-in-toss)
//
//	POST user/oauth2/generate-token, user/oauth2/refresh-token, GET user/oauth2/login-me,
//	POST user/oauth2/access/remove-by-access-token, user/oauth2/access/remove-by-user-key
//	POST pay/make-payment, pay/execute-payment, pay/refund-payment, pay/get-payment-status
//	POST order/get-order-status
//	POST messenger/send-message, messenger/send-test-message, messenger/send-bulk-message
//	POST promotion/execute-promotion/get-key, promotion/execute-promotion, promotion/execution-result
//	POST users/anon-key/verify
//
// # Catalog contract (prefix /api-partner/v1/apps-in-toss/catalog)
//
//	GET|POST push-templates          GET|PUT|DELETE push-templates/{templateSetCode}
//	GET|POST promotions              GET|PUT|DELETE promotions/{promotionCode}   POST promotions/{promotionCode}/status
//	GET|POST iap-products            GET|PUT|DELETE iap-products/{productId}     PUT iap-products/{productId}/status/{ACTIVE|INACTIVE}
//
// # Admin surface (/_emulator/, plain JSON, never faulted or rate limited; acts on the caller's app)
//
//	GET  health                              POST users, users/{userKey}/authorization-codes
//	POST users/{userKey}/unlink              (revokes the login, sends the unlink callback)
//	POST payments, payments/{orderNo}/approve, payments/{orderNo}/complete   GET|POST payment-holds
//	POST iap-orders, iap-orders/{orderId}/status, iap-orders/{orderId}/subscription-events
//	POST subscription-webhook/verification   POST reviews/{kind}/{id}
//	DELETE catalog/{kind}/{id} (out-of-band delete, for drift tests)
//	GET|POST|DELETE faults                   GET stats, apps/{app}/secrets
//
// # Callbacks to the partner (api/openapi.yaml webhooks)
//
// Config.UnlinkCallback (GET query or POST JSON {userKey, referrer}) and Config.SubscriptionWebhook
// (subscription.status_changed, callback.registration_verification), each with
// Authorization: Basic base64(value) when a value is set. One attempt each, bounded by
// Config.WebhookTimeout, never following a redirect; a delivery that is not answered 2xx is
// logged (host only: a URL may carry a token) and counted in stats.webhooks, never fatal, and the
// admin answer that caused it says how it went.
//
// # Choices where the docs are silent or disagree
//
//   - invalid_grant: the bare {"error":"invalid_grant"} with HTTP 400 on generate-token (OAuth's
//     status) and 401 where a Bearer token is refused (login-me, remove-by-access-token).
//     refresh-token answers the documented failure envelope instead (reference §2.3: errorCode
//     and reason), HTTP 400 with errorCode invalid_grant.
//   - Every failure carries errorType and title (declared by the OAS, values undocumented) by
//     error family: error_families.go, listed in api/openapi.yaml's x-emulator-error-families.
//     Catalog reasons are Korean, in the voice of the partner errors.
//   - Anonymous-key verify answers the guide's "true", or the OAS's true with
//     Config.AnonVerifyResult AnonVerifyBoolean.
//   - Refresh tokens do not rotate: refresh-token answers with the same refresh token, which
//     stays valid until its 14 days are over or it is revoked (the docs are silent on rotation).
//     Seeded fixed tokens never expire (an emulator convenience, not real behaviour).
//   - login-me returns only fields within the user's scopes; scope is comma-separated and ends
//     ", user_key" with the stray space of the docs' sample; di is null; email is null when the
//     user agreed to user_email but has none. generate-token's scope is space-separated and
//     expiresIn the number 3599.
//   - Both doc forms are accepted: referrer sandbox/SANDBOX; remove-by-user-key with or without
//     Bearer; get-payment-status by payToken or orderNo; refund reason optional; get-key with or
//     without x-toss-user-key and body; get-order-status with or without x-toss-user-key (with
//     it, another user's order is NOT_FOUND); x-anon-key instead of x-toss-user-key on Toss Pay,
//     messenger and promotion.
//   - Unknown users: 400 INVALID_PARAMETER (field x-toss-user-key) on Toss Pay and IAP, 401
//     USER_NOT_FOUND on messenger and promotion (the codes those endpoints declare).
//   - Toss Pay: VAT defaults to ceil((amount − amountTaxFree) / 11) and amountTaxable to the
//     rest; execute needs PAY_APPROVED (POST /_emulator/payments/{orderNo}/approve) and refund
//     needs PAY_COMPLETE, otherwise HTTP 200 FAIL PAYMENT_INVALID_STATUS (the emulator's code,
//     marked x-emulator-inventions in api/openapi.yaml, as is the 400 for another user's
//     payment); an unknown payToken is 400 on execute/refund and 404 on get-payment-status.
//     With a payment hold on (/_emulator/payment-holds), execute stops at PAY_PROGRESS and
//     refund at REFUND_PROGRESS, answering {"resultType":"HTTP_TIMEOUT","success":null}, until
//     /_emulator/payments/{orderNo}/complete.
//   - Unlink (POST /_emulator/users/{userKey}/unlink) revokes the user's tokens and pending
//     codes, fixed seed tokens included, then calls the unlink callback; the revocation APIs
//     never call it (reference §2.6).
//   - Subscriptions: only an order of a SUBSCRIPTION product (its productType, else the catalog
//     product with its sku) has one; CREATED starts it ACTIVE for one renewal cycle (MONTHLY
//     when the product is not in the catalog), EXPIRED and REVOKED end it and only RESTARTED
//     follows them, REVOKED also makes the order REFUNDED. Statuses are the SDK's
//     getSubscriptionInfo values; times are zone-less KST.
//   - Promotion: 4100 unknown code; 4113 used key; an unknown, expired or other user's key is
//     400 INVALID_PARAMETER (field key); 4109 not RUNNING (the TEST_ twin works in any state but
//     ENDED and never spends budget); 4116 amount above the whole budget; 4114 above the
//     per-grant amount or the per-user KST-day cap; 4112 above the remaining budget; 4110 for a
//     user created with rewardBlocked. Spending the whole budget ends the promotion.
//     execution-result is PENDING for Config.PromotionSettleDelay, then SUCCESS.
//   - Messenger: an unknown templateSetCode is 400; a template not APPROVED, or (single send)
//     a user who did not agree to an agreementRequired template, is 403 FORBIDDEN; in bulk such
//     users land in fail.sentPush with reachedFailReason NOT_AGREED or USER_NOT_FOUND.
//   - Anonymous key: an unknown key is HTTP 200 FAIL 4010, as production is observed to answer.
//   - Rate limits: per-app token bucket (rate limit/60 per second, burst max(1, limit/60)) over
//     partner and catalog routes; 10 calls per minute per user shared by the promotion calls,
//     and by send-message and send-test-message. Both answer 429 4095 with
//     error.data.retryAfterSeconds (whole seconds, at least 1) and a Retry-After header.
//   - Catalog: successes are HTTP 200; grossPrice = price + 10 % VAT rounded half up (always
//     exact, prices being multiples of 10); an IAP product gets its sku at first approval;
//     PUT /iap-products/{id}/status before registration only records the wish
//     (postInspectionStatus); the product cap counts every product, INACTIVE included, and is
//     409 CONFLICT; DELETE of a template removes it, of a promotion ends it, of a product
//     deactivates it. Idempotency records are kept for every answer except 5xx and 429.
//   - Reviews are decided lazily against Config.Now: a test moves its clock instead of sleeping.
//   - Faults are global to the emulator, not per app; bank_break_time is an extra kind that
//     answers Toss Pay routes with COMMON_BREAK_TIME_OF_BANK. A routes entry is an optional
//     method and a pattern, a request path or a prefix ending in "*"; one that can select no
//     partner or catalog route is refused with 400 naming routes[i].
//   - State (--state) is JSON written at Shutdown with mode 0600; a seed is applied only when no
//     state was loaded. Expired codes, tokens, keys, grants and idempotency records are evicted.
package emulator
