"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Daily active devices and PAYG devices for the month; not-final days are drawn lighter. */
export function DailyUsageChart({
  days,
  label,
}: {
  days: { day: string; active: number; paygDevices: number; final: boolean }[];
  label: string;
}) {
  const data = days.map((day) => ({ ...day, date: day.day.slice(8), activeFinal: day.final ? day.active : 0, activeOpen: day.final ? 0 : day.active }));
  return (
    <figure aria-label={label} className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="date" tick={{ fontSize: 11, fill: "#475569" }} interval="preserveStartEnd" />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} />
          <Tooltip
            formatter={(value, name) => [value, name]}
            labelFormatter={(_, payload) => (payload?.[0]?.payload as { day?: string } | undefined)?.day ?? ""}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="activeFinal" name="Active (final)" stackId="a" fill="#1d5fd6" />
          <Bar dataKey="activeOpen" name="Active (not final)" stackId="a" fill="#93b4ef" />
          <Bar dataKey="paygDevices" name="PAYG devices" fill="#7c3aed" />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
