# The status of an in-app purchase order. Unknown orders read as NOT_FOUND, orders of
# another mini-app as MINIAPP_MISMATCH: both are answers, not errors.
variable "order_id" {
  type = string
}

data "appsintoss_iap_order" "purchase" {
  order_id = var.order_id
}

output "iap_order_paid" {
  value = contains(["PURCHASED", "PAYMENT_COMPLETED"], data.appsintoss_iap_order.purchase.status)
}

output "iap_order_sku" {
  value = data.appsintoss_iap_order.purchase.sku
}
