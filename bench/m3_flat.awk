# m3_flat.awk: the M3 CSVs as one line per series for bench/m3_arima.c
#   awk -F, -f bench/m3_flat.awk m3_info.csv m3_train.csv m3_test.csv
FILENAME ~ /info/ && FNR > 1 {
	gsub(/"/, ""); order[++ns] = $1; cat[$1] = $3; freq[$1] = $5
	n[$1] = $6; h[$1] = $7; next
}
FILENAME ~ /train/ && FNR > 1 { tr[$1] = tr[$1] "," $3; next }
FILENAME ~ /test/ && FNR > 1 { te[$1] = te[$1] "," $3; next }
END {
	for (i = 1; i <= ns; i++) {
		id = order[i]
		print id "," cat[id] "," freq[id] "," h[id] "," n[id] tr[id] te[id]
	}
}
