# A service message (기능성 메시지) sent when an order ships. The service calls send-message with
# template_set_code and a context that holds every name listed in `variables`.
resource "appsintoss_push_template" "order_shipped" {
  code        = "ORDER_SHIPPED"
  name        = "배송 시작 알림"
  title       = "{{name}}님, 주문하신 상품이 출발했어요"
  body        = "주문번호 {{orderNo}} 상품이 배송을 시작했어요."
  landing_url = "intoss://demo-app/orders"

  # Copy review takes 2–3 business days in the console. To have apply wait for the decision
  # (a rejection is then a warning quoting the reviewer), uncomment:
  # wait_for_review = true
  # timeouts {
  #   create = "72h"
  #   update = "72h"
  # }
}

# Every plan and apply warns while the template is not approved; a check never fails a run.
check "order_shipped_approved" {
  assert {
    condition     = appsintoss_push_template.order_shipped.review_status == "APPROVED"
    error_message = "The ORDER_SHIPPED template is ${appsintoss_push_template.order_shipped.review_status}; messages cannot be sent with it yet."
  }
}

output "order_shipped_template_set_code" {
  value = appsintoss_push_template.order_shipped.template_set_code # e.g. "demo-app-ORDER_SHIPPED"
}

output "order_shipped_context_keys" {
  value = appsintoss_push_template.order_shipped.variables # ["name", "orderNo"]
}
